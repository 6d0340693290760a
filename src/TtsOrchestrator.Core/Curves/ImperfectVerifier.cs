namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// Best-of-N with a verifier whose error rates are measured ("Inference Scaling fLaws", Stroebl et al. 2024): the
/// strategy returns a sample the verifier passes (a random one of them; a random sample when none passes). A wrong
/// sample that passes (a false positive) is as good as a right one to the verifier, so accuracy does not climb to
/// coverage: it saturates at p·TPR / (p·TPR + (1−p)·FPR) for a problem of pass rate p, and past some N more samples
/// only cost. <see cref="UsefulSamples"/> is that N for a set of problems.
/// </summary>
public sealed record ImperfectVerifier(double TruePositiveRate, double FalsePositiveRate)
{
    /// <summary>The gain a doubling of N must bring to be worth it, by default: half a point.</summary>
    public const double DefaultTolerance = 0.005;

    public ImperfectVerifier Validate()
    {
        if (TruePositiveRate is < 0 or > 1 || double.IsNaN(TruePositiveRate)) throw new ArgumentOutOfRangeException(nameof(TruePositiveRate), TruePositiveRate, "must be within 0..1");
        if (FalsePositiveRate is < 0 or > 1 || double.IsNaN(FalsePositiveRate)) throw new ArgumentOutOfRangeException(nameof(FalsePositiveRate), FalsePositiveRate, "must be within 0..1");
        return this;
    }

    /// <summary>P(one sample passes) for a problem whose samples are right with probability <paramref name="p"/>.</summary>
    public double PassProbability(double p) => p * TruePositiveRate + (1 - p) * FalsePositiveRate;

    /// <summary>P(best-of-<paramref name="n"/> is right) for pass rate <paramref name="p"/>.</summary>
    public double Accuracy(double p, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var q = PassProbability(p);
        if (q <= 0) return p;
        if (q >= 1) return p * TruePositiveRate; // every sample passes: the pick is a random sample
        // A passing pick is right with P(right | passes); when none passes the fallback is a sample that failed,
        // right with P(right | fails).
        var nonePasses = Math.Pow(1 - q, n);
        return (1 - nonePasses) * p * TruePositiveRate / q + nonePasses * p * (1 - TruePositiveRate) / (1 - q);
    }

    /// <summary>The accuracy as N grows without bound.</summary>
    public double Limit(double p)
    {
        var q = PassProbability(p);
        return q <= 0 ? p : p * TruePositiveRate / q;
    }

    /// <summary>Mean accuracy over problems with the given pass rates.</summary>
    public double Accuracy(IReadOnlyList<double> passRates, int n) => passRates.Average(p => Accuracy(p, n));

    /// <summary>Mean limit over problems with the given pass rates.</summary>
    public double Limit(IReadOnlyList<double> passRates) => passRates.Average(Limit);

    /// <summary>
    /// What <paramref name="passes"/> of <paramref name="probes"/> samples passing the verifier says about one problem's
    /// pass rate p: <paramref name="points"/> equally likely values of it (the quantiles of its posterior under a uniform
    /// prior, a sample passing with probability <see cref="PassProbability"/>), ready for <see cref="UsefulSamples"/>.
    /// A posterior rather than the point estimate (q̂ − FPR) / (TPR − FPR): four probes say little, and the cap should
    /// know it.
    /// </summary>
    public IReadOnlyList<double> PassRatePosterior(int passes, int probes, int points = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(passes);
        ArgumentOutOfRangeException.ThrowIfLessThan(probes, passes);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        const int Grid = 2000;
        var logDensity = new double[Grid];
        for (var i = 0; i < Grid; i++)
        {
            var q = Math.Clamp(PassProbability((i + 0.5) / Grid), 1e-12, 1 - 1e-12);
            logDensity[i] = passes * Math.Log(q) + (probes - passes) * Math.Log(1 - q);
        }
        var top = logDensity.Max();
        var cumulative = new double[Grid];
        var total = 0.0;
        for (var i = 0; i < Grid; i++) cumulative[i] = total += Math.Exp(logDensity[i] - top);

        var quantiles = new double[points];
        var cell = 0;
        for (var j = 0; j < points; j++)
        {
            var target = (j + 0.5) / points * total;
            while (cumulative[cell] < target) cell++;
            quantiles[j] = (cell + 0.5) / Grid;
        }
        return quantiles;
    }

    /// <summary>
    /// The smallest N of 1, 2, 4, … after which doubling adds less than <paramref name="tolerance"/> to the set's
    /// accuracy: sampling past it is spending for (almost) nothing with this verifier.
    /// </summary>
    public int UsefulSamples(IReadOnlyList<double> passRates, double tolerance = DefaultTolerance, int maxN = 1 << 20)
    {
        if (passRates.Count == 0) throw new ArgumentException("at least one pass rate is needed", nameof(passRates));
        var n = 1;
        while (n < maxN && Accuracy(passRates, 2 * n) - Accuracy(passRates, n) >= tolerance) n *= 2;
        return n;
    }
}
