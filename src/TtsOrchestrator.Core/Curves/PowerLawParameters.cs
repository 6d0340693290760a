namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// coverage(k) = exp(A·k^B) of Brown et al. 2024 ("Large Language Monkeys"); A &lt; 0 and usually
/// -1 &lt; B &lt; 0, so coverage rises towards 1 as k grows.
/// </summary>
public sealed record PowerLawParameters(double A, double B)
{
    /// <summary>The modelled coverage at budget k (k &gt;= 1; any size, no sampling involved).</summary>
    public double Coverage(double k) => Math.Exp(A * Math.Pow(k, B));
}
