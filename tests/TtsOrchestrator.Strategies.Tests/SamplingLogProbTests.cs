using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Strategies.Tests;

public class SamplingLogProbTests
{
    private static TokenLogProb Drawn(double p, params double[] alternatives) =>
        new("x", Math.Log(p), alternatives.Length == 0 ? null : [.. alternatives.Select(a => new TokenLogProb("a", Math.Log(a)))]);

    [Theory]
    [InlineData(0.3, 1.0, 0.3)]                      // the model's own distribution
    [InlineData(0.3, 0.5, 0.09 / (0.25 + 0.09 + 0.04))] // sharpened: p^2 renormalised over 0.5, 0.3, 0.2
    [InlineData(0.5, 0.5, 0.25 / (0.25 + 0.09 + 0.04))]
    public void The_temperature_is_applied_over_the_alternatives(double p, double temperature, double expected) =>
        Assert.Equal(expected, Math.Exp(SamplingLogProb.Of(Drawn(p, 0.5, 0.3, 0.2), temperature)), 9);

    [Fact]
    public void Mass_outside_the_alternatives_is_counted_at_the_least_likely_ones_level() =>
        // 0.5 and 0.3 listed, 0.2 elsewhere: at T=0.5 the rest counts as 0.2 * 0.3 = 0.06, so 0.25 / (0.25 + 0.09 + 0.06).
        Assert.Equal(0.25 / 0.40, Math.Exp(SamplingLogProb.Of(Drawn(0.5, 0.5, 0.3), 0.5)), 9);

    [Fact]
    public void Without_alternatives_it_is_p_to_the_one_over_t() =>
        Assert.Equal(Math.Pow(0.8, 2), Math.Exp(SamplingLogProb.Of(Drawn(0.8), 0.5)), 9);

    [Theory]
    [InlineData(0.5, 0.0)]                  // the top token: certain
    [InlineData(0.3, double.NegativeInfinity)] // any other: never drawn
    public void Greedy_draws_only_the_top_token(double p, double expected) =>
        Assert.Equal(expected, SamplingLogProb.Of(Drawn(p, 0.5, 0.3, 0.2), 0));
}
