using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Strategies.Tests;

/// <summary>best-of-n, weighted-bon, shortest-majority and weighted majority on scripted samples and a scripted verifier.</summary>
public class VerifierStrategyTests
{
    private static readonly Problem Question = Problem.FromQuestion("What is 1+2*3?");
    private static IStrategy Create(string spec) => BuiltInStrategies.CreateRegistry().Create(spec);

    // Three samples slip on 2*3 and agree on 6; one is right (7) but alone.
    private static readonly ScriptedSample Slip = new("2*3=5\n1+5=6\n#### 6");
    private static readonly ScriptedSample Right = new("2*3=6\n1+6=7\n#### 7");

    [Fact]
    public async Task Best_of_n_picks_the_sample_whose_weakest_step_the_verifier_likes_even_against_the_majority()
    {
        var g = new VerifyingGenerator([Slip, Slip, Right, Slip], VerifyingGenerator.Arithmetic);
        var best = await Create("best-of-n:n=4").SolveAsync(Question, g, Budget.Unlimited);
        var majority = await Create("majority:n=4").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal(("7", 2), (best.Answer, best.ChosenCandidate));
        Assert.Equal("6", majority.Answer);
        Assert.Equal(0.1, best.Candidates[0].Score!.Value, 9); // min over (0.1, 0.9)
        Assert.Equal(0.9, best.Candidates[2].Score!.Value, 9);
        Assert.Contains(best.Trace, e => e.Message.StartsWith("candidate 2: answer '7', prm score 0.9"));
    }

    [Fact]
    public async Task With_a_measured_false_positive_rate_an_easy_problem_stops_at_the_probe()
    {
        var g = new VerifyingGenerator([Right], VerifyingGenerator.Arithmetic);
        var result = await Create("best-of-n:n=16,fpr=0.2,tpr=0.9,probe=8").SolveAsync(Question, g, Budget.Unlimited);
        // 8 passes of 8 from a verifier that passes a fifth of wrong samples: past N = 4 a doubling adds too little.
        Assert.Equal(("7", 8, StopReason.Converged), (result.Answer, result.Cost.Samples, result.StopReason));
        Assert.Single(g.SolveRequests);
        Assert.Contains(result.Trace, e => e.Message.StartsWith("verifier cap (TPR 0.9, FPR 0.2): 8 of 8 probe samples score >= 0.5") && e.Message.EndsWith(": 8 of 16 samples"));
    }

    [Fact]
    public async Task With_a_measured_false_positive_rate_a_split_problem_draws_up_to_the_useful_n()
    {
        var g = new VerifyingGenerator([Slip, Right], VerifyingGenerator.Arithmetic);
        var result = await Create("best-of-n:n=64,fpr=0.2,tpr=0.9,probe=4").SolveAsync(Question, g, Budget.Unlimited);
        var verifier = new Core.Curves.ImperfectVerifier(0.9, 0.2);
        var useful = verifier.UsefulSamples(verifier.PassRatePosterior(2, 4), maxN: 64);
        Assert.InRange(useful, 8, 32); // the posterior of a 2-of-4 problem is wide: worth more than the probe, not all 64
        Assert.Equal(useful, result.Cost.Samples);
        Assert.Equal([4, useful - 4], g.SolveRequests.Select(r => r.N));
        Assert.Equal(Enumerable.Range(0, useful), result.Candidates.Select(c => c.Index));
        Assert.Equal("7", result.Answer);
    }

    [Fact]
    public async Task Without_a_false_positive_rate_best_of_n_draws_all_n_in_one_call()
    {
        var g = new VerifyingGenerator([Right], VerifyingGenerator.Arithmetic);
        var result = await Create("best-of-n:n=16").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal([16], g.SolveRequests.Select(r => r.N));
        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.DoesNotContain(result.Trace, e => e.Message.StartsWith("verifier cap"));
    }

    [Fact]
    public async Task Verifier_calls_are_one_greedy_token_per_step_and_count_in_the_cost()
    {
        var g = new VerifyingGenerator([Slip, Right], VerifyingGenerator.Arithmetic);
        var result = await Create("best-of-n:n=2").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal(4, g.VerifyRequests.Count); // two steps per sample
        Assert.All(g.VerifyRequests, r => Assert.True(r.MaxTokens == Core.Scoring.PromptedStepVerifier.MaxAnswerTokens && r.Sampling.IsGreedy && r.TopLogProbs > 0));
        Assert.Equal((2, 4), (result.Cost.Samples, result.Cost.VerifierQueries));
        Assert.Equal(2 * 10 + 4, result.Cost.GeneratedTokens);
    }

    [Fact]
    public async Task The_aggregation_decides_what_a_partly_wrong_solution_is_worth()
    {
        // A wrong first step followed by a right last step: "last" trusts it, "min" does not.
        var lateRight = new ScriptedSample("2*3=5\n1+5=6\n#### 6");
        var allMid = new ScriptedSample("x\ny\n#### 9"); // unparsable steps: 0.5 each
        var g = new VerifyingGenerator([allMid, lateRight], VerifyingGenerator.Arithmetic);
        Assert.Equal("9", (await Create("best-of-n:n=2,agg=min").SolveAsync(Question, g, Budget.Unlimited)).Answer);
        Assert.Equal("6", (await Create("best-of-n:n=2,agg=last").SolveAsync(Question, g, Budget.Unlimited)).Answer);
        Assert.Equal(0.09, Core.Scoring.SolutionScoring.Aggregate([0.1, 0.9], "prod"), 12);
        Assert.Equal(0.5, Core.Scoring.SolutionScoring.Aggregate([0.1, 0.9], "mean"), 12);
    }

    [Fact]
    public async Task Best_of_n_by_log_prob_needs_no_verifier_calls()
    {
        var g = new VerifyingGenerator([Slip with { MeanLogProb = -0.9 }, Right with { MeanLogProb = -0.2 }], VerifyingGenerator.Arithmetic);
        var result = await Create("best-of-n:n=2,verifier=logprob").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal("7", result.Answer);
        Assert.Empty(g.VerifyRequests);
    }

    [Fact]
    public async Task A_separate_verifier_model_gets_every_verification_and_the_solver_none()
    {
        var solver = new VerifyingGenerator([Slip, Right], _ => throw new InvalidOperationException("the solver was asked to verify"));
        var verifier = new VerifyingGenerator([], VerifyingGenerator.Arithmetic);
        var result = await Create("best-of-n:n=2").SolveAsync(Question, new Core.Generation.GeneratorWithVerifier(solver, verifier), Budget.Unlimited);
        Assert.Equal("7", result.Answer);
        Assert.Single(solver.Requests);
        Assert.Equal(4, verifier.VerifyRequests.Count);
        Assert.Equal((2, 4), (result.Cost.Samples, result.Cost.VerifierQueries)); // both models' calls in one ledger
    }

    [Fact]
    public async Task Best_of_n_by_judge_asks_yes_or_no_once_per_sample()
    {
        var g = new VerifyingGenerator([Slip, Right, Slip], VerifyingGenerator.Arithmetic, solution => solution.EndsWith("#### 7") ? 0.8 : 0.3);
        var result = await Create("best-of-n:n=3,verifier=judge").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal(("7", 1), (result.Answer, result.ChosenCandidate));
        Assert.Equal(0.8, result.Candidates[1].Score!.Value, 9); // " yes" and " No" spellings both count
        Assert.Equal(1 + 3, g.Requests.Count);
        Assert.Empty(g.VerifyRequests);
    }

    [Fact]
    public async Task Best_of_n_by_self_certainty_asks_the_engine_for_it_and_picks_the_surest_sample()
    {
        var g = new VerifyingGenerator([Slip with { SelfCertainty = 0.4 }, Right with { SelfCertainty = 2.5 }], VerifyingGenerator.Arithmetic);
        var result = await Create("best-of-n:n=2,verifier=self-certainty").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal("7", result.Answer);
        Assert.True(g.Requests.Single().SelfCertainty);
    }

    [Fact]
    public async Task Self_certainty_from_an_engine_that_cannot_give_it_is_a_clear_error()
    {
        var g = new VerifyingGenerator([Slip, Right], VerifyingGenerator.Arithmetic); // scripted samples without it
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Create("best-of-n:n=2,verifier=self-certainty").SolveAsync(Question, g, Budget.Unlimited));
        Assert.Contains("needs an engine that reports self-certainty", e.Message);
    }

    [Fact]
    public async Task Weighted_best_of_n_sums_the_verifier_scores_of_each_answers_samples()
    {
        // 6 has three samples at 0.1 (0.3 in all); 7 has two at 0.9 (1.8).
        var g = new VerifyingGenerator([Slip, Right, Slip, Right, Slip], VerifyingGenerator.Arithmetic);
        var result = await Create("weighted-bon:n=5").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal("7", result.Answer);
        Assert.Equal(1.8, result.Votes[0].Weight, 9);
        Assert.Equal(0.3, result.Votes[1].Weight, 9);
    }

    [Fact]
    public async Task Shortest_majority_lets_short_solutions_outvote_long_ones()
    {
        var g = new VerifyingGenerator([Slip with { Tokens = 100 }, Right with { Tokens = 10 }, Slip with { Tokens = 100 }, Right with { Tokens = 10 }], VerifyingGenerator.Arithmetic);
        Assert.Equal("6", (await Create("majority:n=4").SolveAsync(Question, g, Budget.Unlimited)).Answer); // 2 to 2: earliest wins
        Assert.Equal("7", (await Create("shortest-majority:n=4").SolveAsync(Question, g, Budget.Unlimited)).Answer);
    }

    [Fact]
    public async Task Majority_weighted_by_log_prob_follows_the_models_confidence()
    {
        var g = new VerifyingGenerator([Slip with { MeanLogProb = -3 }, Right with { MeanLogProb = -0.1 }], VerifyingGenerator.Arithmetic);
        Assert.Equal("7", (await Create("majority:n=2,weight=logprob").SolveAsync(Question, g, Budget.Unlimited)).Answer);
    }

    [Fact]
    public async Task A_sample_budget_caps_the_attempts_not_the_verifier_that_judges_them()
    {
        var g = new VerifyingGenerator([Slip, Right], VerifyingGenerator.Arithmetic);
        var result = await Create("best-of-n:n=2").SolveAsync(Question, g, new Budget(MaxSamples: 2));
        Assert.Equal((2, 4), (result.Cost.Samples, result.Cost.VerifierQueries));
        Assert.Equal(("7", StopReason.Completed), (result.Answer, result.StopReason));
    }

    [Fact]
    public async Task A_token_budget_leaves_later_steps_unverified_instead_of_failing()
    {
        var g = new VerifyingGenerator([Slip, Right], VerifyingGenerator.Arithmetic);
        var result = await Create("best-of-n:n=2,max_tokens=10").SolveAsync(Question, g, new Budget(MaxGeneratedTokens: 2 * 10 + 1));
        Assert.Equal((2, 1), (result.Cost.Samples, result.Cost.VerifierQueries));
        Assert.Equal(StopReason.TokenBudget, result.StopReason);
        Assert.NotNull(result.Answer);
    }
}
