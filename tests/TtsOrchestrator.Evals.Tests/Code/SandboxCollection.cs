namespace TtsOrchestrator.Evals.Tests.Code;

/// <summary>
/// Every sandbox test class is in this one collection, so they run one after another and at most two sandboxes
/// (each instance's own limit) run at a time on the test machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SandboxCollection
{
    public const string Name = "python sandbox";
}
