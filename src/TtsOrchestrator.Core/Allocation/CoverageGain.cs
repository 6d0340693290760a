using MathNet.Numerics;
using MathNet.Numerics.Optimization;
using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Allocation;

/// <summary>
/// What more samples are worth when a problem is done as soon as one sample passes a check the solver may run (a
/// verifier at a threshold, tests it can see): the coverage target of the budget controller.
/// <para>
/// Each problem's pass rate q is drawn from Beta(α, β) over problems (empirical Bayes: fitted to every problem's probe,
/// <see cref="FitPrior"/>), so an unsolved problem after n failed checks has q ~ Beta(α, β + n), and m more samples
/// find a pass with probability 1 − B(α, β + n + m) / B(α, β + n). That falls with every failure: problems that keep
/// failing are likely the hopeless ones, and the price stops them.
/// </para>
/// </summary>
public static class CoverageGain
{
    /// <summary>The prior when nothing was fitted (one problem alone): Jeffreys', Beta(½, ½).</summary>
    public static BetaParameters DefaultPrior { get; } = new(0.5, 0.5);

    /// <summary>P(one of <paramref name="extra"/> more samples passes) for an unsolved problem after <paramref name="failures"/> failed checks.</summary>
    public static GainEstimate Estimate(BetaParameters prior, int failures, int extra)
    {
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentOutOfRangeException.ThrowIfNegative(failures);
        ArgumentOutOfRangeException.ThrowIfNegative(extra);
        var found = -double.ExpM1(SpecialFunctions.BetaLn(prior.Alpha, prior.Beta + failures + extra) - SpecialFunctions.BetaLn(prior.Alpha, prior.Beta + failures));
        return new GainEstimate(0, found, extra);
    }

    /// <summary>
    /// Beta(α, β) fitted to every problem's (samples, passed) counts (beta-binomial maximum likelihood,
    /// <see cref="BetaPassRateFit"/>); <see cref="DefaultPrior"/> when the counts cannot pin it down (all pass, none pass).
    /// </summary>
    public static BetaParameters FitPrior(IReadOnlyList<(int Samples, int Passed)> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var usable = problems.Where(p => p.Samples > 0).ToList();
        if (usable.Count < 2 || usable.All(p => p.Passed == 0) || usable.All(p => p.Passed == p.Samples)) return DefaultPrior;
        var samples = usable.Select((p, i) => new ProblemSamples($"{i}", null, new string?[p.Samples],
            [.. Enumerable.Range(0, p.Samples).Select(j => j < p.Passed)])).ToList();
        try
        {
            var fitted = BetaPassRateFit.Fit(samples, new BootstrapOptions { Resamples = 1 }).Parameters;
            return double.IsFinite(fitted.Alpha) && double.IsFinite(fitted.Beta) ? fitted : DefaultPrior;
        }
        catch (MaximumIterationsException)
        {
            return DefaultPrior;
        }
    }
}
