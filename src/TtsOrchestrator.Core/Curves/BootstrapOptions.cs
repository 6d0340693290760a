namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// How curve intervals are bootstrapped: problems are resampled with replacement (the unit that varies
/// between benchmarks), from a fixed seed so reports are reproducible.
/// </summary>
public sealed record BootstrapOptions
{
    public static BootstrapOptions Default { get; } = new();

    /// <summary>Number of resampled data sets (default 1000; 1..1,000,000).</summary>
    public int Resamples { get; init; } = 1000;
    /// <summary>Central coverage of the percentile interval (default 0.95 → 2.5th..97.5th; in (0, 1)).</summary>
    public double Level { get; init; } = 0.95;
    /// <summary>Seed of the resampling stream.</summary>
    public int Seed { get; init; }

    /// <summary>Throws one <see cref="ArgumentException"/> naming every setting out of range.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Resamples is < 1 or > 1_000_000) errors.Add($"Resamples = {Resamples} must be in 1..1000000");
        if (!(Level > 0 && Level < 1)) errors.Add($"Level = {Level} must be in (0, 1)");
        if (errors.Count > 0) throw new ArgumentException("bootstrap options: " + string.Join("; ", errors));
    }
}
