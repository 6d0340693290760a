using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// The distributional coverage model of Schaeffer et al. 2025 ("How Do Large Language Monkeys Get
/// Their Power (Laws)?"): each problem's pass@1 p_i ~ Beta(α, β), fitted by maximising the
/// beta-binomial likelihood of the observed (n_i, c_i); the dataset's pass@k is then
/// 1 - B(α, β+k)/B(α, β) for any k. Its tail 1 - pass@k ∝ k^-α is where the power law comes from.
/// </summary>
/// <remarks>
/// Problems never solved in n samples (c_i = 0) pull α down: mass piles up near p = 0, so pass@k keeps
/// rising slowly instead of saturating early; that is how this fit represents "hard" problems, and why
/// it extrapolates better than <see cref="PowerLawCoverageFit"/> when such problems exist. It still
/// assumes every problem has p &gt; 0; a zero-inflated variant (a share of problems with p = 0) is not
/// implemented here. The optimiser works on (log α, log β), each clamped to [-12, 12]: with no
/// overdispersion in the data the likelihood's supremum lies at α + β → ∞ and the fit stops at the clamp.
/// </remarks>
public sealed class BetaPassRateFit
{
    private const double LogBound = 12;

    private BetaPassRateFit(BetaParameters parameters, double logLikelihood, IReadOnlyList<BetaParameters> replicates, double level)
    {
        Parameters = parameters;
        LogLikelihood = logLikelihood;
        Replicates = replicates;
        Level = level;
    }

    /// <summary>Maximum-likelihood α, β on all problems.</summary>
    public BetaParameters Parameters { get; }
    /// <summary>The beta-binomial log-likelihood at <see cref="Parameters"/> (with the binomial coefficients).</summary>
    public double LogLikelihood { get; }
    /// <summary>The refit on each bootstrap resample.</summary>
    public IReadOnlyList<BetaParameters> Replicates { get; }
    /// <summary>Central coverage of the intervals.</summary>
    public double Level { get; }

    /// <summary>Modelled dataset pass@k at any budget k &gt;= 1.</summary>
    public double PassAtK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return Parameters.PassAtK(k);
    }

    /// <summary>Modelled dataset pass@k with its percentile band over the bootstrap refits.</summary>
    public CurvePoint PassAtKWithInterval(int k)
    {
        var value = PassAtK(k);
        var (low, high) = CurveBootstrap.Interval(Replicates.Select(r => r.PassAtK(k)), Level);
        return new CurvePoint(k, value, low, high);
    }

    /// <summary>Fits α, β to all problems and bootstraps the fit by resampling problems and refitting.</summary>
    public static BetaPassRateFit Fit(IReadOnlyList<ProblemSamples> problems, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0) throw new ArgumentException("a fit needs at least one problem", nameof(problems));
        if (problems.Any(p => p is null)) throw new ArgumentException("problems must not contain null", nameof(problems));
        bootstrap ??= BootstrapOptions.Default;
        bootstrap.Validate();

        // The likelihood depends on a problem only through (n, c): fit on distinct pairs with counts.
        var keys = problems.Select(p => (p.N, p.C)).Distinct().ToArray();
        var slot = keys.Select((key, i) => (key, i)).ToDictionary(t => t.key, t => t.i);
        var slotOf = problems.Select(p => slot[(p.N, p.C)]).ToArray();

        var all = new double[keys.Length];
        foreach (var s in slotOf) all[s]++;
        var parameters = FitGrouped(keys, all);

        var replicates = new List<BetaParameters>();
        foreach (var weights in CurveBootstrap.Resamples(problems.Count, bootstrap))
        {
            var counts = new double[keys.Length];
            for (var i = 0; i < weights.Length; i++) counts[slotOf[i]] += weights[i];
            // A resample of a few problems can be degenerate (no spread between problems): the optimiser then runs
            // out of iterations on a flat ridge. Such a resample says nothing about the interval; leave it out.
            try { replicates.Add(FitGrouped(keys, counts)); }
            catch (MaximumIterationsException) { }
        }
        return new BetaPassRateFit(parameters, LogLikelihoodOf(parameters, keys, all), replicates, bootstrap.Level);
    }

    /// <summary>
    /// Σ_i log C(n_i, c_i) + BetaLn(c_i + α, n_i - c_i + β) - BetaLn(α, β): the beta-binomial
    /// log-likelihood of the problems' counts.
    /// </summary>
    public static double LogLikelihoodOf(BetaParameters parameters, IEnumerable<ProblemSamples> problems)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(problems);
        var keys = problems.Select(p => (p.N, p.C)).ToArray();
        return LogLikelihoodOf(parameters, keys, Enumerable.Repeat(1.0, keys.Length).ToArray());
    }

    /// <summary>The log-likelihood less the binomial coefficients, which do not depend on α, β.</summary>
    private static double KernelOf(BetaParameters p, (int N, int C)[] keys, double[] counts)
    {
        var total = 0.0;
        var lnBeta = SpecialFunctions.BetaLn(p.Alpha, p.Beta);
        for (var i = 0; i < keys.Length; i++)
        {
            if (counts[i] == 0) continue;
            var (n, c) = keys[i];
            total += counts[i] * (SpecialFunctions.BetaLn(c + p.Alpha, n - c + p.Beta) - lnBeta);
        }
        return total;
    }

    private static double LogLikelihoodOf(BetaParameters p, (int N, int C)[] keys, double[] counts) =>
        KernelOf(p, keys, counts) + keys.Select((key, i) => counts[i] * SpecialFunctions.BinomialLn(key.N, key.C)).Sum();

    private static BetaParameters FitGrouped((int N, int C)[] keys, double[] counts)
    {
        var objective = ObjectiveFunction.Value(v => -KernelOf(FromLogs(v), keys, counts));
        var start = StartingPoint(keys, counts);
        var simplex = new NelderMeadSimplex(1e-12, 20_000);
        var first = simplex.FindMinimum(objective, start, Vector<double>.Build.Dense([0.5, 0.5]));
        // A restart from the optimum with a fresh simplex guards against a collapsed one.
        var second = simplex.FindMinimum(objective, first.MinimizingPoint, Vector<double>.Build.Dense([0.1, 0.1]));
        return FromLogs(second.MinimizingPoint);
    }

    private static BetaParameters FromLogs(Vector<double> v) =>
        new(Math.Exp(Math.Clamp(v[0], -LogBound, LogBound)), Math.Exp(Math.Clamp(v[1], -LogBound, LogBound)));

    /// <summary>Method of moments on the pass rates c/n, as a start in (log α, log β).</summary>
    private static Vector<double> StartingPoint((int N, int C)[] keys, double[] counts)
    {
        double weight = 0, sum = 0, sumSq = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            var rate = (double)keys[i].C / keys[i].N;
            weight += counts[i];
            sum += counts[i] * rate;
            sumSq += counts[i] * rate * rate;
        }
        var mean = Math.Clamp(sum / weight, 0.01, 0.99);
        var variance = Math.Max(sumSq / weight - sum / weight * (sum / weight), 1e-6);
        var strength = Math.Clamp(mean * (1 - mean) / variance - 1, 0.1, 1000);
        return Vector<double>.Build.Dense([Math.Log(mean * strength), Math.Log((1 - mean) * strength)]);
    }
}
