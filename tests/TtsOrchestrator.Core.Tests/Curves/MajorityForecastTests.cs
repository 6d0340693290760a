using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Tests.Curves;

public class MajorityForecastTests
{
    private static readonly MajorityOptions Many = new() { Draws = 40_000, Seed = 3 };

    private static ProblemSamples Repeat(params (string? Answer, bool Right, int Count)[] groups)
    {
        var answers = groups.SelectMany(g => Enumerable.Repeat(g.Answer, g.Count)).ToArray();
        var correct = groups.SelectMany(g => Enumerable.Repeat(g.Right, g.Count)).ToArray();
        return new ProblemSamples("p", null, answers, correct);
    }

    [Fact]
    public void All_right_samples_forecast_a_nearly_certain_vote_for_many_fresh_samples()
    {
        var p = Repeat(("15", true, 8));
        Assert.True(MajorityForecast.Estimate(p, 8, 64, Many) > 0.99);
    }

    [Fact]
    public void One_wrong_answer_throughout_forecasts_zero()
    {
        var p = Repeat(("14", false, 8));
        Assert.Equal(0.0, MajorityForecast.Estimate(p, 8, 64, Many));
        Assert.Equal(0.0, MajorityForecast.Estimate(p, 8, 1, Many));
    }

    [Fact]
    public void An_even_split_between_a_right_and_a_wrong_answer_forecasts_one_half()
    {
        var p = Repeat(("A", true, 4), ("B", false, 4));
        Assert.Equal(0.5, MajorityForecast.Estimate(p, 8, 101, Many), 0.02);
        Assert.Equal(0.5, MajorityForecast.Estimate(p, 8, 4, Many), 0.02); // ties with B are broken evenly
    }

    [Fact]
    public void One_fresh_sample_scores_the_posterior_mean_share_of_right_answers()
    {
        // Dirichlet(A: 2, B: 1, no answer: 1, unseen: 1): A's mean share is 2/5.
        var p = new ProblemSamples("p", null, ["A", "B", null, "A"], [true, false, false, true]);
        Assert.Equal(2.0 / 5, MajorityForecast.Estimate(p, 4, 1, Many), 0.01);
        // All right: 4 of 4 + 1 unseen → 4/5.
        Assert.Equal(4.0 / 5, MajorityForecast.Estimate(Repeat(("7", true, 4)), 4, 1, Many), 0.01);
    }

    [Fact]
    public void Only_the_first_seen_samples_count()
    {
        var p = Repeat(("B", false, 2), ("A", true, 30));
        Assert.Equal(0.0, MajorityForecast.Estimate(p, 2, 16, Many));
        Assert.True(MajorityForecast.Estimate(p, 32, 16, Many) > 0.99);
    }

    [Fact]
    public void Many_seen_samples_forecast_the_binomial_majority_of_their_shares()
    {
        // 60% A (right), 40% B over 500 samples: the posterior is tight, so maj@9 ≈ P(Binomial(9, 0.6) >= 5).
        var p = Repeat(("A", true, 300), ("B", false, 200));
        var expected = Enumerable.Range(5, 5).Sum(j => CurveSamples.Binomial(9, j) * Math.Pow(0.6, j) * Math.Pow(0.4, 9 - j));
        Assert.Equal(expected, MajorityForecast.Estimate(p, 500, 9, Many), 0.02);
    }

    [Fact]
    public void Unanswered_fresh_samples_never_win()
    {
        // Mostly blank: a fresh vote is right whenever A shows up at all and nothing else does.
        var p = new ProblemSamples("p", null, [null, null, null, null, null, "A"], [false, false, false, false, false, true]);
        var one = MajorityForecast.Estimate(p, 6, 1, Many);
        Assert.Equal(1.0 / 7, one, 0.01);
        Assert.True(MajorityForecast.Estimate(p, 6, 20, Many) > 2 * one);
    }

    [Fact]
    public void The_dataset_curve_averages_problems_at_the_budgets_asked_with_bootstrap_intervals()
    {
        var problems = new[]
        {
            Repeat(("A", true, 6)),
            Repeat(("B", false, 6)),
            Repeat(("A", true, 3), ("B", false, 3)),
        };
        var options = new MajorityOptions { Draws = 4000, Seed = 5 };
        var bootstrap = new BootstrapOptions { Resamples = 300, Seed = 1 };
        var curve = MajorityForecast.Curve(problems, 6, [1, 4, 64], options, bootstrap);
        Assert.Equal([1, 4, 64], curve.Select(c => c.K));
        // k = 1: (6/7 + 0 + 3/7) / 3.
        Assert.Equal((6.0 / 7 + 3.0 / 7) / 3, curve[0].Value, 0.02);
        Assert.Equal((1.0 + 0 + 0.5) / 3, curve[2].Value, 0.03);
        Assert.All(curve, c => Assert.True(c.Low <= c.Value && c.Value <= c.High, $"{c}"));
        Assert.Equal(curve, MajorityForecast.Curve(problems, 6, [1, 4, 64], options, bootstrap)); // seeded
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var p = Repeat(("A", true, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityForecast.Estimate(p, 5, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityForecast.Estimate(p, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityForecast.Estimate(p, 4, 0));
        Assert.Throws<ArgumentException>(() => MajorityForecast.Estimates(p, 4, [4, 2]));
    }
}
