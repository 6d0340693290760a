using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Core.Specs;

/// <summary>A registered strategy: its spec name, what it does, its keys, and how to build it.</summary>
public sealed record StrategyDescriptor(
    string Name,
    string Summary,
    IReadOnlyList<SpecKey> Keys,
    Func<SpecValues, IStrategy> Create)
{
    /// <summary>An example spec shown in help.</summary>
    public string? Example { get; init; }
}
