using MathNet.Numerics;

namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// Per-problem pass@1 p ~ Beta(Alpha, Beta), after Schaeffer et al. 2025. The dataset's pass@k follows
/// in closed form for any k, which is how the fit extrapolates far past the samples drawn.
/// </summary>
public sealed record BetaParameters(double Alpha, double Beta)
{
    /// <summary>Mean pass@1 over problems, α/(α+β).</summary>
    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>
    /// 1 - E[(1-p)^k] = 1 - B(α, β+k)/B(α, β), evaluated as -expm1 of a BetaLn difference so that it
    /// stays accurate both near 0 (small k) and near 1 (k in the tens of thousands).
    /// </summary>
    public double PassAtK(double k)
    {
        if (!(k >= 0) || double.IsInfinity(k)) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be finite and >= 0");
        return -double.ExpM1(SpecialFunctions.BetaLn(Alpha, Beta + k) - SpecialFunctions.BetaLn(Alpha, Beta));
    }
}
