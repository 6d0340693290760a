using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Evals.Curves;

/// <summary>
/// <c>curve.json</c> of <c>tts curve</c>: the measured coverage (pass@k) and vote (maj@k) curves of a sample folder,
/// both coverage fits with their predictions far past the samples drawn, and, with a fit budget, a forecast made from
/// the first few samples of every problem next to what all the samples measured. Every interval is a bootstrap
/// percentile interval over problems at <see cref="Level"/>.
/// </summary>
/// <param name="Samples">The sample folder read.</param>
/// <param name="Benchmark">From run.json; the folder's name when it has none.</param>
/// <param name="Model">From run.json; null when unknown.</param>
/// <param name="SamplesPerProblem">K: the fewest samples any problem has; measured curves run k = 1..K.</param>
/// <param name="SamplesMax">The most samples any problem has (equal to K unless a note says otherwise).</param>
/// <param name="Seed">Seed of the bootstrap and of the Monte Carlo votes.</param>
/// <param name="Notes">Anything that bends the numbers: left-out lines, unequal sample counts, failed fits.</param>
/// <param name="PassAtK">Measured pass@k (unbiased estimator), k = 1..K.</param>
/// <param name="MajAtK">Measured maj@k (vote over k of the stored samples), k = 1..K.</param>
/// <param name="PowerLaw">coverage(k) = exp(a·k^b) fitted to pass@k; null when the curve has fewer than two points strictly between 0 and 1.</param>
/// <param name="Beta">Per-problem pass@1 ~ Beta(α, β) fitted to the (n, c) counts; null when the optimiser does not converge (see the notes).</param>
/// <param name="Forecast">With --fit-k: both fits and the vote forecast from the first samples only.</param>
public sealed record CurveReport(
    string Samples,
    string Benchmark,
    string? Model,
    int Problems,
    int SamplesPerProblem,
    int SamplesMax,
    int BootstrapResamples,
    double Level,
    int Seed,
    IReadOnlyList<string> Notes,
    IReadOnlyList<CurvePoint> PassAtK,
    IReadOnlyList<CurvePoint> MajAtK,
    PowerLawReport? PowerLaw,
    BetaReport? Beta,
    ForecastReport? Forecast)
{
    public const string FileName = "curve.json";

    /// <summary>The verifier's error rates measured on the scored samples (<c>tts sample --verifier</c>); null when unscored.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public VerifierReport? Verifier { get; init; }

    /// <summary>With verifier error rates (measured, or --verifier-tpr/--verifier-fpr): how far best-of-N with it can go on these problems.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public VerifierCapReport? VerifierCap { get; init; }
}

/// <summary>
/// Best-of-N with an imperfect verifier on the stored problems' pass rates (<see cref="ImperfectVerifier"/>): the
/// accuracy it saturates at and the N past which doubling adds less than <paramref name="Tolerance"/>.
/// </summary>
/// <param name="Accuracy">Modelled accuracy at k = 1, 2, 4, … (no interval: the pass rates are taken as measured).</param>
public sealed record VerifierCapReport(double TruePositiveRate, double FalsePositiveRate, double Limit, int UsefulSamples, double Tolerance, IReadOnlyList<CurvePoint> Accuracy);

/// <summary>
/// A verifier's error rates measured on graded, scored samples: the true-positive rate (right samples it passes) and
/// false-positive rate (wrong samples it passes) at <paramref name="Threshold"/>, each with its 95% Wilson interval,
/// and the AUROC (threshold-free). <see cref="Spec"/> is what best-of-n needs to cap its N with it.
/// </summary>
/// <param name="Name">The verifier as run.json names it (e.g. prm:min); null when unknown.</param>
public sealed record VerifierReport(string? Name, double Threshold, int Right, int RightPassed, int Wrong, int WrongPassed,
    ParameterEstimate TruePositiveRate, ParameterEstimate FalsePositiveRate, double Auroc)
{
    public static VerifierReport Of(string? name, VerifierMeasurement m)
    {
        static ParameterEstimate Rate(int passed, int of)
        {
            if (of == 0) return new ParameterEstimate(double.NaN, double.NaN, double.NaN);
            var (low, high) = WilsonInterval.Of(passed, of);
            return new ParameterEstimate((double)passed / of, low, high);
        }
        return new VerifierReport(name, m.Threshold, m.Right, m.RightPassed, m.Wrong, m.WrongPassed, Rate(m.RightPassed, m.Right), Rate(m.WrongPassed, m.Wrong), m.Auroc);
    }

    /// <summary>The measured rates as a verifier model; null without both right and wrong samples.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ImperfectVerifier? Rates => Right > 0 && Wrong > 0 ? new ImperfectVerifier(TruePositiveRate.Value, FalsePositiveRate.Value) : null;

    /// <summary>
    /// The best-of-n keys that use these rates, e.g. <c>fpr=0.21,tpr=0.93,threshold=0.5</c> (a measured FPR of 0 is
    /// written as 0.001: best-of-n reads fpr=0 as "no cap"); null without both kinds of samples.
    /// </summary>
    public string? Spec => Rates is { } r
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"fpr={Math.Max(r.FalsePositiveRate, 0.001):0.###},tpr={r.TruePositiveRate:0.###},threshold={Threshold:0.###}")
        : null;
}

/// <summary>An estimate and its 95% interval (bootstrap percentiles for fitted parameters, Wilson for rates).</summary>
public sealed record ParameterEstimate(double Value, double Low, double High);

/// <summary>The power-law coverage fit (Brown et al. 2024): coverage(k) = exp(a·k^b).</summary>
/// <param name="FittedK">The fit used pass@k at k = 1..FittedK; predictions past it are extrapolations.</param>
/// <param name="FailedReplicates">Bootstrap resamples too degenerate to refit (left out of the intervals).</param>
/// <param name="Predictions">Modelled coverage at k = 1, 2, 4, … up to the extrapolation budget.</param>
public sealed record PowerLawReport(ParameterEstimate A, ParameterEstimate B, int FittedK, int FailedReplicates, IReadOnlyList<CurvePoint> Predictions);

/// <summary>The Beta pass-rate fit (Schaeffer et al. 2025): each problem's pass@1 ~ Beta(α, β).</summary>
/// <param name="MeanPassAt1">α/(α+β), the modelled mean pass@1.</param>
/// <param name="Predictions">Modelled coverage at k = 1, 2, 4, … up to the extrapolation budget.</param>
public sealed record BetaReport(ParameterEstimate Alpha, ParameterEstimate Beta, ParameterEstimate MeanPassAt1, double LogLikelihood, IReadOnlyList<CurvePoint> Predictions);

/// <summary>A forecast at N next to what all N samples measured.</summary>
/// <param name="ErrorPoints">|predicted - measured| in percentage points.</param>
public sealed record ForecastValue(CurvePoint Predicted, double Measured, double ErrorPoints)
{
    public static ForecastValue Of(CurvePoint predicted, double measured) =>
        new(predicted, measured, Math.Abs(predicted.Value - measured) * 100);
}

/// <summary>
/// What the first <paramref name="FitK"/> samples of every problem predict for all <paramref name="N"/>: a check
/// of how far the fits can be trusted to extrapolate, made on data where the answer is known.
/// </summary>
/// <param name="N">The samples stored (the fewest any problem has).</param>
/// <param name="MeasuredPassAtN">pass@N from all samples.</param>
/// <param name="MeasuredMajAtN">maj@N from all samples.</param>
/// <param name="PowerLaw">The power law fitted to pass@1..FitK; null when it cannot be fitted (FitK = 1, or a flat curve).</param>
/// <param name="Beta">The Beta fit to the first FitK samples' counts; null when it does not converge.</param>
/// <param name="PowerLawPassAtN">The power law's pass@N against the measured one.</param>
/// <param name="BetaPassAtN">The Beta fit's pass@N against the measured one.</param>
/// <param name="MajAtN">The vote forecast (<see cref="MajorityForecast"/>) at N against the measured maj@N.</param>
/// <param name="MajAtK">The vote forecast at k = 1, 2, 4, … and N.</param>
public sealed record ForecastReport(
    int FitK,
    int N,
    CurvePoint MeasuredPassAtN,
    CurvePoint MeasuredMajAtN,
    PowerLawReport? PowerLaw,
    BetaReport? Beta,
    ForecastValue? PowerLawPassAtN,
    ForecastValue? BetaPassAtN,
    ForecastValue MajAtN,
    IReadOnlyList<CurvePoint> MajAtK);
