namespace TtsOrchestrator.Core.Generation;

/// <summary>
/// How tokens are drawn. Temperature 0 means greedy. Sample <c>i</c> of a request is reproducible
/// from (<see cref="Seed"/>, i): engines derive one independent stream per sample.
/// </summary>
public sealed record SamplingOptions
{
    public double Temperature { get; init; } = 0.8;
    /// <summary>Nucleus mass kept (1 = off).</summary>
    public double TopP { get; init; } = 1.0;
    /// <summary>Drop tokens below this fraction of the top token's probability (0 = off).</summary>
    public double MinP { get; init; }
    /// <summary>Keep only the K most likely tokens (0 = off).</summary>
    public int TopK { get; init; }
    public ulong Seed { get; init; }

    public static SamplingOptions Greedy { get; } = new() { Temperature = 0 };

    public bool IsGreedy => Temperature <= 0;

    internal IEnumerable<string> Validate()
    {
        if (!(Temperature >= 0 && Temperature <= 5)) yield return $"temperature {Temperature} is outside 0..5";
        if (!(TopP > 0 && TopP <= 1)) yield return $"top_p {TopP} is outside (0, 1]";
        if (!(MinP >= 0 && MinP < 1)) yield return $"min_p {MinP} is outside [0, 1)";
        if (TopK < 0) yield return $"top_k {TopK} is negative";
    }
}
