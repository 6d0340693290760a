using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Tests.Curves;

public class CurveBootstrapTests
{
    [Fact]
    public void Resamples_draw_every_problem_count_times_in_total_and_repeat_from_the_seed()
    {
        var options = new BootstrapOptions { Resamples = 50, Seed = 9 };
        var first = CurveBootstrap.Resamples(7, options).ToList();
        Assert.Equal(50, first.Count);
        Assert.All(first, w => Assert.Equal(7, w.Sum()));
        Assert.Equal(first, CurveBootstrap.Resamples(7, options).ToList());
        Assert.NotEqual(first, CurveBootstrap.Resamples(7, options with { Seed = 10 }).ToList());
        Assert.Contains(first, w => w.Any(x => x == 0)); // with replacement: some problem left out
    }

    [Fact]
    public void Interval_takes_percentiles_and_ignores_failed_replicates()
    {
        var values = Enumerable.Range(0, 101).Select(i => (double)i).Append(double.NaN);
        var (low, high) = CurveBootstrap.Interval(values, 0.95);
        Assert.Equal(2.5, low, 12);
        Assert.Equal(97.5, high, 12);
        (low, high) = CurveBootstrap.Interval(values.Reverse(), 0.5);
        Assert.Equal(25.0, low, 12);
        Assert.Equal(75.0, high, 12);
        var none = CurveBootstrap.Interval([double.NaN], 0.95);
        Assert.True(double.IsNaN(none.Low) && double.IsNaN(none.High));
    }

    [Fact]
    public void Options_report_every_problem_at_once()
    {
        var ex = Assert.Throws<ArgumentException>(() => new BootstrapOptions { Resamples = 0, Level = 1 }.Validate());
        Assert.Equal("bootstrap options: Resamples = 0 must be in 1..1000000; Level = 1 must be in (0, 1)", ex.Message);
        Assert.Equal((1000, 0.95, 0), (BootstrapOptions.Default.Resamples, BootstrapOptions.Default.Level, BootstrapOptions.Default.Seed));
        Assert.Equal((2000, 0, 20_000), (MajorityOptions.Default.Draws, MajorityOptions.Default.Seed, MajorityOptions.Default.ExactLimit));
    }

    [Fact]
    public void Mean_curve_holds_the_mean_and_narrows_with_more_problems()
    {
        var rng = new Random(1);
        IReadOnlyList<double>[] Rows(int count) => Enumerable.Range(0, count)
            .Select(_ => (IReadOnlyList<double>)[rng.NextDouble(), rng.Next(2)]).ToArray();
        var options = new BootstrapOptions { Resamples = 400 };
        var small = CurveBootstrap.MeanCurve(Rows(50), options);
        var large = CurveBootstrap.MeanCurve(Rows(1250), options);
        for (var j = 0; j < 2; j++)
        {
            Assert.InRange(small[j].Value, small[j].Low, small[j].High);
            Assert.InRange(large[j].Value, large[j].Low, large[j].High);
            // 25 times the problems: a fifth of the width in theory.
            Assert.True(large[j].High - large[j].Low < 0.4 * (small[j].High - small[j].Low));
        }
        var one = CurveBootstrap.MeanCurve([[0.25, 0.5]], options);
        Assert.Equal([new CurvePoint(1, 0.25, 0.25, 0.25), new CurvePoint(2, 0.5, 0.5, 0.5)], one);
    }
}
