using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Tests.Curves;

public class BetaPassRateFitTests
{
    private static readonly BootstrapOptions FewResamples = new() { Resamples = 100, Seed = 4 };

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(10_000)]
    public void Pass_at_k_matches_closed_forms_for_integer_parameters(int k)
    {
        // Beta(1, 1): E[(1-p)^k] = 1/(k+1). Beta(2, 3): B(2, 3+k)/B(2, 3) = 12/((k+3)(k+4)).
        Assert.Equal(k / (k + 1.0), new BetaParameters(1, 1).PassAtK(k), 10);
        Assert.Equal(1 - 12.0 / ((k + 3.0) * (k + 4.0)), new BetaParameters(2, 3).PassAtK(k), 10);
        Assert.Equal(0, new BetaParameters(2, 3).PassAtK(0));
        Assert.Equal(0.4, new BetaParameters(2, 3).PassAtK(1), 12);
    }

    [Theory]
    [InlineData(0.3, 1.5)]
    [InlineData(2.0, 5.0)]
    public void Recovers_alpha_and_beta_from_simulated_problems(double alpha, double beta)
    {
        // 1000 problems x 32 samples. The bootstrap spread of α and β here is 5-7% of their size, so
        // 20% is about three standard errors.
        var problems = CurveSamples.SimulateBeta(alpha, beta, 1000, 32, seed: 17);
        var fit = BetaPassRateFit.Fit(problems, FewResamples);
        Assert.Equal(alpha, fit.Parameters.Alpha, alpha * 0.2);
        Assert.Equal(beta, fit.Parameters.Beta, beta * 0.2);

        // The model's pass@32 against the unbiased estimate on the same data.
        var observed = problems.Average(p => PassAtK.Estimate(p, 32));
        Assert.Equal(observed, fit.PassAtK(32), 0.02);

        var previous = 0.0;
        foreach (var k in new[] { 1, 2, 4, 32, 100, 1000, 10_000 })
        {
            var v = fit.PassAtK(k);
            Assert.True(v > previous && v < 1, $"pass@{k} = {v} after {previous}");
            previous = v;
        }
    }

    [Fact]
    public void The_fit_is_a_likelihood_maximum()
    {
        var problems = CurveSamples.SimulateBeta(0.5, 2, 400, 16, seed: 8);
        var fit = BetaPassRateFit.Fit(problems, new BootstrapOptions { Resamples = 1 });
        var best = BetaPassRateFit.LogLikelihoodOf(fit.Parameters, problems);
        Assert.Equal(best, fit.LogLikelihood, 9);
        foreach (var (da, db) in new[] { (1.01, 1.0), (0.99, 1.0), (1.0, 1.01), (1.0, 0.99), (1.01, 1.01), (0.99, 0.99) })
        {
            var nearby = fit.Parameters with { Alpha = fit.Parameters.Alpha * da, Beta = fit.Parameters.Beta * db };
            Assert.True(BetaPassRateFit.LogLikelihoodOf(nearby, problems) < best, $"({da}, {db}) is better");
        }
    }

    [Fact]
    public void Never_solved_problems_pull_alpha_down()
    {
        var problems = CurveSamples.SimulateBeta(2, 5, 500, 16, seed: 9);
        var withHard = problems.Concat(Enumerable.Range(0, 150).Select(i => CurveSamples.Counts(16, 0, $"hard{i}"))).ToList();
        var plain = BetaPassRateFit.Fit(problems, new BootstrapOptions { Resamples = 1 });
        var hard = BetaPassRateFit.Fit(withHard, new BootstrapOptions { Resamples = 1 });
        Assert.True(hard.Parameters.Alpha < 0.5 * plain.Parameters.Alpha, $"{hard.Parameters} vs {plain.Parameters}");
        // The model keeps room for them: coverage far out stays below what the easy problems alone reach.
        Assert.True(hard.PassAtK(1000) < plain.PassAtK(1000));
    }

    [Fact]
    public void Degenerate_data_still_gives_a_finite_fit()
    {
        var none = BetaPassRateFit.Fit(Enumerable.Range(0, 20).Select(i => CurveSamples.Counts(8, 0, $"n{i}")).ToList(), FewResamples);
        Assert.InRange(none.PassAtK(8), 0, 0.01);
        var all = BetaPassRateFit.Fit(Enumerable.Range(0, 20).Select(i => CurveSamples.Counts(8, 8, $"a{i}")).ToList(), FewResamples);
        Assert.InRange(all.PassAtK(1), 0.99, 1);
        Assert.All(new[] { none.Parameters.Alpha, none.Parameters.Beta, all.Parameters.Alpha, all.Parameters.Beta }, v => Assert.True(double.IsFinite(v) && v > 0));
    }

    [Fact]
    public void Bootstrap_band_holds_the_fit_and_narrows_with_more_problems()
    {
        var options = new BootstrapOptions { Resamples = 200, Seed = 6 };
        var small = BetaPassRateFit.Fit(CurveSamples.SimulateBeta(0.3, 1.5, 150, 32, seed: 12), options);
        var large = BetaPassRateFit.Fit(CurveSamples.SimulateBeta(0.3, 1.5, 1350, 32, seed: 13), options);
        Assert.Equal(200, large.Replicates.Count);
        foreach (var k in new[] { 1, 32, 10_000 })
        {
            var s = small.PassAtKWithInterval(k);
            var l = large.PassAtKWithInterval(k);
            Assert.InRange(s.Value, s.Low, s.High);
            Assert.InRange(l.Value, l.Low, l.High);
            // Nine times the problems: a third of the width in theory; 0.6 leaves room for noise.
            Assert.True(l.High - l.Low < 0.6 * (s.High - s.Low), $"k={k}: {l} vs {s}");
        }
    }
}
