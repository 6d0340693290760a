using System.Text.Json;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Curves;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Evals.Curves;

/// <summary>How <c>tts curve</c> computes.</summary>
/// <param name="FitK">Forecast from the first FitK samples of every problem (1 &lt;= FitK &lt; the samples stored); null: no forecast.</param>
/// <param name="Extrapolate">Largest budget the fits predict (k = 1, 2, 4, … and this).</param>
/// <param name="Bootstrap">Bootstrap resamples of problems behind every interval.</param>
/// <param name="Seed">Seed of the bootstrap and of the Monte Carlo votes.</param>
/// <param name="MajorityDraws">Monte Carlo draws per problem for maj@k and the vote forecast.</param>
/// <param name="Verifier">Error rates to model best-of-N with; null: the rates measured on scored samples, if any.</param>
/// <param name="VerifierThreshold">The score from which a scored sample counts as passed by its verifier.</param>
public sealed record CurveSettings(int? FitK = null, int Extrapolate = 1024, int Bootstrap = 1000, int Seed = 0, int MajorityDraws = 2000, ImperfectVerifier? Verifier = null,
    double VerifierThreshold = 0.5)
{
    public const int MaxExtrapolate = 1_000_000;
    public const int MaxBootstrap = 100_000;
}

/// <summary>
/// <c>tts curve</c> as a library: the curves and fits of a sample folder (<see cref="CurveInput"/>), as the
/// <see cref="CurveReport"/> written to curve.json, plus the fitted models themselves so a front end can draw them
/// at any k. The math is <c>TtsOrchestrator.Core.Curves</c>'; this only assembles it.
/// </summary>
public sealed class CurveAnalysis
{
    private CurveAnalysis(CurveReport report, PowerLawCoverageFit? powerLaw, BetaPassRateFit? beta, PowerLawCoverageFit? forecastPowerLaw, BetaPassRateFit? forecastBeta)
    {
        Report = report;
        PowerLaw = powerLaw;
        Beta = beta;
        ForecastPowerLaw = forecastPowerLaw;
        ForecastBeta = forecastBeta;
    }

    public CurveReport Report { get; }
    /// <summary>The power law on all samples; null when it could not be fitted (see the notes).</summary>
    public PowerLawCoverageFit? PowerLaw { get; }
    /// <summary>The Beta fit on all samples; null when it did not converge (see the notes).</summary>
    public BetaPassRateFit? Beta { get; }
    /// <summary>The power law on the first FitK samples; null without a forecast or when it could not be fitted.</summary>
    public PowerLawCoverageFit? ForecastPowerLaw { get; }
    /// <summary>The Beta fit on the first FitK samples; null without a forecast.</summary>
    public BetaPassRateFit? ForecastBeta { get; }

    /// <summary>k = 1, 2, 4, … up to <paramref name="max"/>, and <paramref name="max"/> itself.</summary>
    public static IReadOnlyList<int> LogGrid(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var grid = new List<int>();
        for (long k = 1; k <= max; k *= 2) grid.Add((int)k);
        if (grid[^1] != max) grid.Add(max);
        return grid;
    }

    /// <summary>Checks <paramref name="settings"/> against <paramref name="input"/> (user errors), then computes every curve and fit.</summary>
    public static CurveAnalysis Build(CurveInput input, CurveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var n = input.Fewest;
        if (settings.FitK is { } fitK && (fitK < 1 || fitK >= n))
            throw new UserInputException(n < 2
                ? $"--fit-k {fitK}: a forecast needs at least 2 samples per problem, and {Fewest(input)} has only 1; drop --fit-k"
                : $"--fit-k {fitK} must be within 1..{n - 1}, fewer than the {n} samples per problem of {Fewest(input)}", exitCode: 2);
        if (settings.Extrapolate is < 1 or > CurveSettings.MaxExtrapolate)
            throw new UserInputException($"--extrapolate {settings.Extrapolate} must be within 1..{CurveSettings.MaxExtrapolate}", exitCode: 2);
        if (settings.Bootstrap is < 1 or > CurveSettings.MaxBootstrap)
            throw new UserInputException($"--bootstrap {settings.Bootstrap} must be within 1..{CurveSettings.MaxBootstrap}", exitCode: 2);

        var problems = input.Problems;
        var notes = input.Notes.ToList();
        var bootstrap = new BootstrapOptions { Resamples = settings.Bootstrap, Seed = settings.Seed };
        var majority = new MajorityOptions { Draws = settings.MajorityDraws, Seed = settings.Seed };
        var grid = LogGrid(settings.Extrapolate);

        var passAtK = PassAtK.Curve(problems, n, bootstrap);
        var majAtK = MajorityAtK.Curve(problems, n, majority, bootstrap);
        var powerLaw = TryPowerLaw(problems, n, bootstrap, notes, "");
        var beta = TryBeta(problems, bootstrap, notes, "");

        ForecastReport? forecast = null;
        PowerLawCoverageFit? forecastPowerLaw = null;
        BetaPassRateFit? forecastBeta = null;
        if (settings.FitK is { } k)
        {
            var first = problems.Select(p => First(p, k)).ToList();
            forecastPowerLaw = TryPowerLaw(first, k, bootstrap, notes, $" on the first {k} samples");
            forecastBeta = TryBeta(first, bootstrap, notes, $" on the first {k} samples");
            var measuredPass = passAtK[n - 1];
            var measuredMaj = majAtK[n - 1];
            var majGrid = LogGrid(n);
            var majForecast = MajorityForecast.Curve(problems, k, majGrid, majority, bootstrap);
            forecast = new ForecastReport(
                k, n, measuredPass, measuredMaj,
                forecastPowerLaw is null ? null : PowerLawReportOf(forecastPowerLaw, grid),
                forecastBeta is null ? null : BetaReportOf(forecastBeta, grid),
                forecastPowerLaw is null ? null : ForecastValue.Of(forecastPowerLaw.PredictWithInterval(n), measuredPass.Value),
                forecastBeta is null ? null : ForecastValue.Of(forecastBeta.PassAtKWithInterval(n), measuredPass.Value),
                ForecastValue.Of(majForecast[^1], measuredMaj.Value),
                majForecast);
        }

        VerifierReport? measured = null;
        if (input.VerifierScores.Count > 0)
        {
            var m = VerifierMeasurement.Of(input.VerifierScores, settings.VerifierThreshold);
            measured = VerifierReport.Of(input.Manifest?.Verifier, m);
            if (m.Right == 0 || m.Wrong == 0)
                notes.Add($"the scored samples are all {(m.Right == 0 ? "wrong" : "right")}: the verifier's error rates need both kinds");
        }
        VerifierCapReport? verifierCap = null;
        if ((settings.Verifier ?? measured?.Rates) is { } verifier)
        {
            var rates = problems.Select(p => (double)p.C / p.N).ToList();
            verifierCap = new VerifierCapReport(verifier.TruePositiveRate, verifier.FalsePositiveRate,
                verifier.Limit(rates), verifier.UsefulSamples(rates), ImperfectVerifier.DefaultTolerance,
                [.. grid.Select(k => verifier.Accuracy(rates, k)).Select((a, i) => new CurvePoint(grid[i], a, a, a))]);
        }

        var manifest = input.Manifest;
        var report = new CurveReport(
            input.Folder,
            manifest?.Benchmark ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(input.Folder))),
            manifest?.Model,
            problems.Count, n, input.Most, bootstrap.Resamples, bootstrap.Level, settings.Seed, notes,
            passAtK, majAtK,
            powerLaw is null ? null : PowerLawReportOf(powerLaw, grid),
            beta is null ? null : BetaReportOf(beta, grid),
            forecast) { Verifier = measured, VerifierCap = verifierCap };
        return new CurveAnalysis(report, powerLaw, beta, forecastPowerLaw, forecastBeta);
    }

    /// <summary>Writes curve.json into <paramref name="folder"/> (created when missing), whole or not at all.</summary>
    public string WriteJson(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, CurveReport.FileName);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(Report, TtsJson.Options) + "\n");
        return path;
    }

    /// <summary>Where the sample count comes from: the file, or the problem with the fewest when they differ.</summary>
    private static string Fewest(CurveInput input) =>
        input.Fewest < input.Most
            ? $"problem {input.Problems.First(p => p.N == input.Fewest).Id} (the fewest; others have up to {input.Most})"
            : Path.Combine(input.Folder, SampleRun.SamplesFileName);

    /// <summary>A problem cut to its first <paramref name="k"/> samples, as a smaller run would have drawn them.</summary>
    private static ProblemSamples First(ProblemSamples p, int k) =>
        new(p.Id, p.Difficulty, p.Answers.Take(k).ToArray(), p.Correct.Take(k).ToArray());

    private static PowerLawCoverageFit? TryPowerLaw(IReadOnlyList<ProblemSamples> problems, int k, BootstrapOptions bootstrap, List<string> notes, string which)
    {
        try
        {
            return PowerLawCoverageFit.Fit(problems, k, bootstrap);
        }
        catch (ArgumentException e)
        {
            notes.Add($"no power-law fit{which}: {e.Message.Split(" (Parameter")[0]}");
            return null;
        }
    }

    /// <summary>
    /// The Beta fit, or null with a note when its optimiser gives up: <see cref="BetaPassRateFit"/> refits every
    /// bootstrap resample, and a resample without overdispersion (likely with few problems) has its likelihood's
    /// supremum at infinity, where Nelder–Mead runs out of iterations and the whole fit throws.
    /// </summary>
    private static BetaPassRateFit? TryBeta(IReadOnlyList<ProblemSamples> problems, BootstrapOptions bootstrap, List<string> notes, string which)
    {
        try
        {
            return BetaPassRateFit.Fit(problems, bootstrap);
        }
        catch (MathNet.Numerics.Optimization.OptimizationException e)
        {
            notes.Add($"no Beta fit{which}: its optimiser did not converge on the data or a bootstrap resample of it ({e.Message}); more problems help");
            return null;
        }
    }

    private static PowerLawReport PowerLawReportOf(PowerLawCoverageFit fit, IReadOnlyList<int> grid) => new(
        Estimate(fit.Parameters.A, fit.Replicates.Select(r => r.A), fit.Level),
        Estimate(fit.Parameters.B, fit.Replicates.Select(r => r.B), fit.Level),
        fit.MaxK, fit.FailedReplicates,
        grid.Select(fit.PredictWithInterval).ToList());

    private static BetaReport BetaReportOf(BetaPassRateFit fit, IReadOnlyList<int> grid) => new(
        Estimate(fit.Parameters.Alpha, fit.Replicates.Select(r => r.Alpha), fit.Level),
        Estimate(fit.Parameters.Beta, fit.Replicates.Select(r => r.Beta), fit.Level),
        Estimate(fit.Parameters.Mean, fit.Replicates.Select(r => r.Mean), fit.Level),
        fit.LogLikelihood,
        grid.Select(fit.PassAtKWithInterval).ToList());

    private static ParameterEstimate Estimate(double value, IEnumerable<double> replicates, double level)
    {
        var (low, high) = CurveBootstrap.Interval(replicates, level);
        return new ParameterEstimate(value, low, high);
    }
}
