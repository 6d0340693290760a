using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Tests.Curves;

public class PowerLawCoverageFitTests
{
    [Theory]
    [InlineData(-1.2, -0.35)]
    [InlineData(-0.3, -0.8)]
    [InlineData(-3.0, -0.1)]
    public void Recovers_a_and_b_from_a_noise_free_curve(double a, double b)
    {
        var coverage = Enumerable.Range(1, 100).Select(k => Math.Exp(a * Math.Pow(k, b))).ToArray();
        var fit = PowerLawCoverageFit.FitCurve(coverage);
        Assert.Equal(a, fit.A, 9);
        Assert.Equal(b, fit.B, 9);
        Assert.Equal(coverage[99], fit.Coverage(100), 12);
    }

    [Fact]
    public void Skips_points_at_zero_and_one()
    {
        var coverage = Enumerable.Range(1, 20).Select(k => Math.Exp(-0.7 * Math.Pow(k, -0.5))).ToArray();
        coverage[0] = 0;
        coverage[19] = 1;
        var fit = PowerLawCoverageFit.FitCurve(coverage);
        Assert.Equal((-0.7, -0.5), (Math.Round(fit.A, 9), Math.Round(fit.B, 9)));
    }

    [Fact]
    public void Refuses_curves_it_cannot_fit()
    {
        var few = Assert.Throws<ArgumentException>(() => PowerLawCoverageFit.FitCurve([0, 0.5, 1, 1]));
        Assert.StartsWith("a power-law fit needs at least two k with 0 < coverage < 1; 1 of 4 are", few.Message);
        Assert.Throws<ArgumentException>(() => PowerLawCoverageFit.FitCurve([0.2, 1.5]));
        Assert.Throws<ArgumentException>(() => PowerLawCoverageFit.FitCurve([0.2, double.NaN]));
        // Every problem solved or unsolved alike at every k: the curve is flat at 0 or 1.
        Assert.Throws<ArgumentException>(() => PowerLawCoverageFit.Fit([CurveSamples.Counts(8, 8)], 8));
    }

    [Fact]
    public void Fit_on_simulated_problems_comes_close_to_the_fit_on_their_population_curve()
    {
        // Problems with pass@1 ~ Beta(0.6, 3): the population pass@k is known in closed form.
        var population = new BetaParameters(0.6, 3);
        var truth = PowerLawCoverageFit.FitCurve(Enumerable.Range(1, 32).Select(k => population.PassAtK(k)).ToArray());
        var problems = CurveSamples.SimulateBeta(0.6, 3, 3000, 64, seed: 5);
        var fit = PowerLawCoverageFit.Fit(problems, 32, new BootstrapOptions { Resamples = 200 });
        Assert.Equal(truth.A, fit.Parameters.A, 0.05);
        Assert.Equal(truth.B, fit.Parameters.B, 0.05);
        foreach (var k in new[] { 1, 4, 16, 32, 128 }) Assert.Equal(truth.Coverage(k), fit.Predict(k), 0.02);
    }

    [Fact]
    public void Bootstrap_band_holds_the_fit_and_narrows_with_more_problems()
    {
        var options = new BootstrapOptions { Resamples = 300, Seed = 1 };
        var small = PowerLawCoverageFit.Fit(CurveSamples.SimulateBeta(0.6, 3, 200, 32, seed: 2), 32, options);
        var large = PowerLawCoverageFit.Fit(CurveSamples.SimulateBeta(0.6, 3, 1800, 32, seed: 3), 32, options);
        foreach (var k in new[] { 1, 8, 32, 256 })
        {
            var s = small.PredictWithInterval(k);
            var l = large.PredictWithInterval(k);
            Assert.InRange(s.Value, s.Low, s.High);
            Assert.InRange(l.Value, l.Low, l.High);
            // Nine times the problems: about a third of the width; half leaves room for noise.
            Assert.True(l.High - l.Low < 0.5 * (s.High - s.Low), $"k={k}: {l} vs {s}");
        }
        Assert.Equal(300, large.Replicates.Count + large.FailedReplicates);
        Assert.Equal(32, large.MaxK);
    }
}
