using TtsOrchestrator.Core.Allocation;

namespace TtsOrchestrator.Core.Tests.Allocation;

public class MajorityGainTests
{
    private static GainEstimate Estimate(int[] counts, int extra = 2, int unanswered = 0, int seed = 1) =>
        new MajorityGain(draws: 4000).Estimate(counts, unanswered, extra, new Random(seed));

    private static GainEstimate BestRate(int[] counts, int unanswered = 0) =>
        new MajorityGain(draws: 4000).BestRate(counts, unanswered, batch: 2, maxExtra: 32, new Random(1));

    [Fact]
    public void Agreeing_samples_are_worth_little_more_and_more_so_the_more_there_are()
    {
        var two = BestRate([2]);
        var twenty = BestRate([20]);
        Assert.InRange(twenty.PerSample, -0.002, 0.002);
        Assert.True(two.PerSample > twenty.PerSample, $"two {two} vs twenty {twenty}");
        Assert.True(twenty.Now > two.Now); // twenty agreeing samples are a surer vote than two
    }

    [Fact]
    public void Two_more_samples_cannot_overturn_two_agreeing_ones_but_a_longer_horizon_can()
    {
        Assert.InRange(Estimate([2], extra: 2).Gain, -0.02, 0.005);
        var best = BestRate([2]);
        Assert.True(best.Extra > 2 && best.Gain > 0.01, $"{best}");
    }

    [Fact]
    public void A_close_split_is_worth_more_samples_than_a_settled_or_a_hopeless_problem()
    {
        var split = BestRate([3, 3]);
        var settled = BestRate([6]);
        var hopeless = BestRate([1, 1, 1, 1, 1, 1]);
        Assert.True(split.PerSample > settled.PerSample, $"split {split.PerSample} vs settled {settled.PerSample}");
        Assert.True(split.PerSample > hopeless.PerSample, $"split {split.PerSample} vs hopeless {hopeless.PerSample}");
        Assert.True(settled.Now > split.Now && split.Now > hopeless.Now);
    }

    [Fact]
    public void Unanswered_samples_lower_the_value_of_a_vote()
    {
        Assert.True(Estimate([3], unanswered: 0).Now > Estimate([3], unanswered: 5).Now);
    }

    [Fact]
    public void No_extra_samples_gain_nothing_and_the_same_seed_gives_the_same_estimate()
    {
        Assert.Equal(0, Estimate([2, 1], extra: 0).Gain);
        Assert.Equal(Estimate([2, 1], seed: 7), Estimate([2, 1], seed: 7));
    }

    [Fact]
    public void Nothing_seen_yet_is_a_vote_of_no_value()
    {
        var empty = Estimate([], extra: 4);
        Assert.Equal(0, empty.Now);
        Assert.True(empty.After > 0);
    }

    [Fact]
    public void A_tied_lead_counts_as_a_coin_flip()
    {
        // With many samples split evenly the posterior mode is either answer about equally: the vote is right about
        // half of the time, times the mode's share (~1/2).
        var tie = Estimate([200, 200], extra: 0);
        Assert.InRange(tie.Now, 0.24, 0.27);
    }

    [Fact]
    public void Bad_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Estimate([2, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Estimate([2], extra: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MajorityGain(concentration: 0));
    }

    [Theory]
    [InlineData(new[] { 4 }, 0, 0)]
    [InlineData(new[] { 1, 1, 1, 1 }, MajorityGain.MaxConcentration, MajorityGain.MaxConcentration)]
    [InlineData(new[] { 2, 2 }, 0.5, 1.5)] // 1 + a/(a+1) + a/(a+2) + a/(a+3) = 2 at a = 0.85
    public void The_fitted_concentration_matches_the_number_of_distinct_answers(int[] counts, double low, double high)
    {
        var a = MajorityGain.ConcentrationFitting(counts);
        Assert.InRange(a, low, high);
        if (counts.Length is > 1 and < 4)
            Assert.Equal(counts.Length, Enumerable.Range(0, counts.Sum()).Sum(i => a / (a + i)), 6);
    }
}
