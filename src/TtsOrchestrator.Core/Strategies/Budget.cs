namespace TtsOrchestrator.Core.Strategies;

/// <summary>
/// Limits on what one strategy run may spend; null means no limit. Every strategy respects all three
/// (a request is cut down to what is left; a run past its wall time is cancelled and keeps what it has)
/// and reports which one stopped it in <see cref="StrategyResult.StopReason"/>.
/// </summary>
public sealed record Budget(int? MaxSamples = null, long? MaxGeneratedTokens = null, TimeSpan? MaxWallTime = null)
{
    public static Budget Unlimited { get; } = new();

    public override string ToString()
    {
        var parts = new List<string>();
        if (MaxSamples is { } s) parts.Add($"samples<={s}");
        if (MaxGeneratedTokens is { } t) parts.Add($"tokens<={t}");
        if (MaxWallTime is { } w) parts.Add($"wall<={w.TotalSeconds:0.###}s");
        return parts.Count == 0 ? "unlimited" : string.Join(", ", parts);
    }
}

/// <summary>Why a strategy run ended.</summary>
public enum StopReason
{
    /// <summary>The strategy finished its own plan.</summary>
    Completed,
    /// <summary>The strategy's own stopping rule decided early (e.g. adaptive consistency).</summary>
    Converged,
    SampleBudget,
    TokenBudget,
    WallTimeBudget,
}
