namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// The coverage law of Brown et al. 2024 ("Large Language Monkeys"): coverage(k) ≈ exp(a·k^b), fitted
/// by least squares of log(-log coverage(k)) = log(-a) + b·log k on the pass@k curve at k = 1..K
/// (points with coverage 0 or 1 have no logit-like image and are skipped). Intervals come from
/// refitting on problem resamples, so <see cref="PredictWithInterval"/> works at any k.
/// </summary>
/// <remarks>
/// Known weakness: exp(a·k^b) tends to 1 as k grows, so the law assumes every problem is eventually
/// solved. When some problems are never solved the true coverage saturates below 1 and extrapolations
/// far past K come out too high; <see cref="BetaPassRateFit"/> models the unsolved mass instead. Also,
/// the regression weights every k equally although neighbouring pass@k values are strongly correlated.
/// </remarks>
public sealed class PowerLawCoverageFit
{
    private PowerLawCoverageFit(PowerLawParameters parameters, int maxK, IReadOnlyList<PowerLawParameters> replicates, int failed, double level)
    {
        Parameters = parameters;
        MaxK = maxK;
        Replicates = replicates;
        FailedReplicates = failed;
        Level = level;
    }

    /// <summary>The fit on all problems.</summary>
    public PowerLawParameters Parameters { get; }
    /// <summary>Largest k fitted; predictions beyond it are extrapolations.</summary>
    public int MaxK { get; }
    /// <summary>The refit on each bootstrap resample that had at least two usable points.</summary>
    public IReadOnlyList<PowerLawParameters> Replicates { get; }
    /// <summary>Resamples whose curve had fewer than two points strictly between 0 and 1.</summary>
    public int FailedReplicates { get; }
    /// <summary>Central coverage of the intervals.</summary>
    public double Level { get; }

    /// <summary>Modelled coverage at budget k.</summary>
    public double Predict(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return Parameters.Coverage(k);
    }

    /// <summary>Modelled coverage at budget k with its percentile band over the bootstrap refits.</summary>
    public CurvePoint PredictWithInterval(int k)
    {
        var value = Predict(k);
        var (low, high) = CurveBootstrap.Interval(Replicates.Select(r => r.Coverage(k)), Level);
        return new CurvePoint(k, value, low, high);
    }

    /// <summary>
    /// Fits the law to a coverage curve given as coverage[k-1] for k = 1..K. Throws when fewer than two
    /// points lie strictly between 0 and 1.
    /// </summary>
    public static PowerLawParameters FitCurve(IReadOnlyList<double> coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        foreach (var v in coverage)
            if (!(v >= 0 && v <= 1)) throw new ArgumentException($"coverage values must be in [0, 1]; got {v}", nameof(coverage));
        return TryFitCurve(coverage)
            ?? throw new ArgumentException(
                $"a power-law fit needs at least two k with 0 < coverage < 1; {coverage.Count(v => v > 0 && v < 1)} of {coverage.Count} are", nameof(coverage));
    }

    /// <summary>
    /// Fits the law to the dataset's pass@k curve at k = 1..<paramref name="maxK"/> and bootstraps it by
    /// resampling problems, recomputing the curve and refitting.
    /// </summary>
    public static PowerLawCoverageFit Fit(IReadOnlyList<ProblemSamples> problems, int maxK, BootstrapOptions? bootstrap = null)
    {
        bootstrap ??= BootstrapOptions.Default;
        bootstrap.Validate();
        var perProblem = PassAtK.PerProblem(problems, maxK);
        var parameters = FitCurve(CurveBootstrap.WeightedMean(perProblem, null));
        var replicates = new List<PowerLawParameters>();
        var failed = 0;
        foreach (var weights in CurveBootstrap.Resamples(problems.Count, bootstrap))
        {
            if (TryFitCurve(CurveBootstrap.WeightedMean(perProblem, weights)) is { } r) replicates.Add(r);
            else failed++;
        }
        return new PowerLawCoverageFit(parameters, maxK, replicates, failed, bootstrap.Level);
    }

    private static PowerLawParameters? TryFitCurve(IReadOnlyList<double> coverage)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (var k = 1; k <= coverage.Count; k++)
        {
            var v = coverage[k - 1];
            if (!(v > 0 && v < 1)) continue;
            x.Add(Math.Log(k));
            y.Add(Math.Log(-Math.Log(v)));
        }
        if (x.Count < 2) return null;
        var (intercept, slope) = MathNet.Numerics.Fit.Line([.. x], [.. y]);
        return new PowerLawParameters(-Math.Exp(intercept), slope);
    }
}
