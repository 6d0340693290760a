using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Simulation;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Strategies.Tests;

public class StoppingRulesTests
{
    // I_{1/2}(a+1, b+1) = P(Binomial(a+b+1, 1/2) >= a+1), so the confidence is 1 minus that tail, worked by hand.
    [Theory]
    [InlineData(new[] { 4 }, 1 - 1 / 32.0)]          // tail P(X >= 5), X ~ Bin(5, 1/2)
    [InlineData(new[] { 3 }, 1 - 1 / 16.0)]          // below 0.95: four agreeing samples are needed
    [InlineData(new[] { 5, 1 }, 1 - 8 / 128.0)]      // P(X >= 6), X ~ Bin(7, 1/2) = (7 + 1) / 128
    [InlineData(new[] { 3, 3 }, 0.5)]
    [InlineData(new[] { 6, 2, 1 }, 1 - 46 / 512.0)]  // only the two leaders count: P(X >= 7), X ~ Bin(9, 1/2) = (36 + 9 + 1) / 512
    public void Beta_confidence_matches_the_binomial_closed_form(int[] counts, double expected) =>
        Assert.Equal(expected, StoppingRules.BetaConfidence(counts), 10);

    [Theory]
    [InlineData(new[] { 4 })]
    [InlineData(new[] { 5, 1 })]
    [InlineData(new[] { 7, 3 })]
    public void Dirichlet_confidence_is_at_most_beta_because_unseen_answers_can_still_win(int[] counts)
    {
        var dirichlet = StoppingRules.DirichletConfidence(counts, draws: 20_000);
        Assert.InRange(dirichlet, 0.5, StoppingRules.BetaConfidence(counts) + 0.01);
    }

    [Fact]
    public void Dirichlet_confidence_of_a_tie_between_k_answers_is_about_one_in_k_plus_one() =>
        // Three equal leaders plus the unseen category: by symmetry the first leader wins about 1/3 of the draws
        // against the other two (the unseen category, with one pseudo-count, rarely wins at 10 votes each).
        Assert.InRange(StoppingRules.DirichletConfidence([10, 10, 10], draws: 20_000), 0.31, 0.35);

    [Theory]
    [InlineData(new[] { 4 }, 0.0)]
    [InlineData(new[] { 2, 2 }, 0.6931471805599453)]  // ln 2
    [InlineData(new[] { 3, 1 }, 0.5623351446188083)]  // -(3/4 ln 3/4 + 1/4 ln 1/4)
    public void Entropy_is_that_of_the_vote_shares(int[] counts, double nats) =>
        Assert.Equal(nats, StoppingRules.Entropy(counts), 12);

    [Fact]
    public void A_window_agrees_only_when_every_sample_has_the_same_answer()
    {
        Assert.True(StoppingRules.WindowAgrees(["1/2", "0.5", "1/2"], FinalAnswerFormat.Instance.AreEquivalent));
        Assert.False(StoppingRules.WindowAgrees(["1/2", "2"], FinalAnswerFormat.Instance.AreEquivalent));
        Assert.False(StoppingRules.WindowAgrees(["1/2", null], FinalAnswerFormat.Instance.AreEquivalent));
    }
}

public class AdaptiveConsistencyStrategyTests
{
    private static readonly Problem Question = Problem.FromQuestion("What is 3+4?");
    private static IStrategy Create(string spec) => BuiltInStrategies.CreateRegistry().Create(spec);

    [Fact]
    public async Task Unanimous_answers_stop_after_the_first_batch_that_settles_the_beta_rule()
    {
        var g = ScriptedGenerator.Cycling("#### 7");
        var result = await Create("adaptive-sc:max=40,batch=2,stop=beta").SolveAsync(Question, g, Budget.Unlimited);
        // 2 agreeing samples give 0.875, 4 give 0.969 >= 0.95.
        Assert.Equal([2, 2], g.Requests.Select(r => r.N));
        Assert.Equal(("7", StopReason.Converged, 4), (result.Answer, result.StopReason, result.Candidates.Count));
        Assert.Contains(result.Trace, e => e.Message.Contains("beta confidence 0.969 >= 0.95"));
    }

    [Fact]
    public async Task A_split_vote_samples_up_to_the_maximum_in_batches()
    {
        var g = ScriptedGenerator.Cycling("#### 1", "#### 2");
        var result = await Create("adaptive-sc:max=10,batch=4").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal([4, 4, 2], g.Requests.Select(r => r.N));
        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Equal(Enumerable.Range(0, 10), result.Candidates.Select(c => c.Index)); // indices run across batches
        Assert.Equal("1", result.Answer); // 5 to 5: the earliest answer wins the tie
    }

    [Theory]
    [InlineData("adaptive-sc:stop=entropy,batch=3", 3)]
    [InlineData("adaptive-sc:stop=esc,window=5", 5)]
    [InlineData("adaptive-sc:stop=dirichlet,batch=4", 4)] // one answer against "unseen": the Beta value, 0.969
    public async Task Every_rule_stops_early_on_unanimous_answers(string spec, int samples)
    {
        var result = await Create(spec).SolveAsync(Question, ScriptedGenerator.Cycling("#### 7"), Budget.Unlimited);
        Assert.Equal((StopReason.Converged, samples), (result.StopReason, result.Candidates.Count));
    }

    [Fact]
    public async Task The_sample_budget_is_never_exceeded()
    {
        var g = ScriptedGenerator.Cycling("#### 1", "#### 2", "#### 3");
        var result = await Create("adaptive-sc:max=40,batch=4").SolveAsync(Question, g, new Budget(MaxSamples: 6));
        Assert.Equal(6, g.Requests.Sum(r => r.N));
        Assert.Equal(StopReason.SampleBudget, result.StopReason);
    }

    [Fact]
    public async Task On_easy_problems_it_spends_far_fewer_samples_than_on_hard_ones()
    {
        // Simulated generator: a 90%-solvable problem and one whose answers spread over four values.
        var easy = SimulatedProblem.WithSuccessRate("easy", 0.9, "42", ("41", 1));
        var hard = SimulatedProblem.WithSuccessRate("hard", 0.3, "42", ("41", 1), ("40", 1), ("39", 1));
        var g = new SimulatedGenerator([easy, hard]);
        var strategy = Create("adaptive-sc:max=40,batch=4");
        double Mean(SimulatedProblem p) => Enumerable.Range(0, 40)
            .Select(s => strategy.SolveAsync(p.ToProblem((ulong)s), g, Budget.Unlimited).GetAwaiter().GetResult().Candidates.Count).Average();
        var (easyMean, hardMean) = (Mean(easy), Mean(hard));
        Assert.True(easyMean < 8, $"easy {easyMean}");
        Assert.True(hardMean > 2 * easyMean, $"easy {easyMean}, hard {hardMean}");
    }
}
