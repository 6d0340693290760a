namespace TtsOrchestrator.Core.Specs;

/// <summary>An invalid strategy spec; the message names the spec, the offending part and what is allowed.</summary>
public sealed class SpecException(string spec, string problem)
    : UserInputException($"invalid strategy spec '{spec}': {problem}", exitCode: 2)
{
    public string Spec { get; } = spec;
}
