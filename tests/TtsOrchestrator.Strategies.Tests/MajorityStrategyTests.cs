using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Simulation;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Strategies.Tests;

public class MajorityStrategyTests
{
    private static readonly IStrategy Majority8 = BuiltInStrategies.CreateRegistry().Create("majority:n=8,temperature=0.7,max_tokens=64");
    private static readonly Problem Question = Problem.FromQuestion("What is half of one?");

    [Fact]
    public async Task Samples_all_n_in_one_call_with_the_specs_settings()
    {
        var g = ScriptedGenerator.Cycling("#### 1/2");
        await Majority8.SolveAsync(Question, g, Budget.Unlimited);
        var request = Assert.Single(g.Requests);
        Assert.Equal((8, 0.7, 64), (request.N, request.Sampling.Temperature, request.MaxTokens));
    }

    [Fact]
    public async Task Votes_group_by_the_tasks_equivalence_and_report_shares()
    {
        var g = ScriptedGenerator.Cycling("so #### 1/2", "#### 0.5", "#### 2", "#### 0.50", "no answer", "#### 2", "#### 1/2", "#### 3");
        var result = await Majority8.SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal("1/2", result.Answer);
        Assert.Equal(0, result.ChosenCandidate);
        Assert.Equal([("1/2", 4), ("2", 2), ("3", 1)], result.Votes.Select(v => (v.Answer, v.Count)));
        Assert.Equal(4.0 / 7, result.Votes[0].Share, 12);
        Assert.Equal(8, result.Candidates.Count);
        Assert.Null(result.Candidates[4].Answer);
        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Contains(result.Trace, e => e.Message.Contains("answer '1/2': 4 of 8 samples (57% of those with an answer)"));
    }

    [Fact]
    public async Task A_tie_goes_to_the_earliest_answer()
    {
        var g = ScriptedGenerator.Cycling("#### 5", "#### 6", "#### 6", "#### 5");
        var result = await BuiltInStrategies.CreateRegistry().Create("majority:n=4").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal("5", result.Answer);
    }

    [Fact]
    public async Task The_sample_budget_caps_n()
    {
        var g = ScriptedGenerator.Cycling("#### 1");
        var result = await Majority8.SolveAsync(Question, g, new Budget(MaxSamples: 3));
        Assert.Equal(3, g.Requests.Single().N);
        Assert.Equal(3, result.Cost.Samples);
        Assert.Equal(StopReason.SampleBudget, result.StopReason);
    }

    [Fact]
    public async Task No_answer_at_all_is_a_null_answer_not_an_error()
    {
        var result = await Majority8.SolveAsync(Question, ScriptedGenerator.Cycling("I am not sure."), Budget.Unlimited);
        Assert.Null(result.Answer);
        Assert.Null(result.ChosenCandidate);
        Assert.Empty(result.Votes);
    }

    [Fact]
    public async Task On_a_simulation_voting_beats_one_sample_when_the_right_answer_is_the_mode()
    {
        // Simulated problems where the right answer has probability 0.5 and wrong answers split the rest.
        var problems = Enumerable.Range(0, 200)
            .Select(i => SimulatedProblem.WithSuccessRate($"p{i}", 0.5, "1", ("2", 1), ("3", 1), ("4", 1)))
            .ToList();
        var simulation = new SimulatedGenerator(problems);
        var registry = BuiltInStrategies.CreateRegistry();
        async Task<double> Accuracy(string spec)
        {
            var strategy = registry.Create(spec);
            var correct = 0;
            for (var i = 0; i < problems.Count; i++)
                if ((await strategy.SolveAsync(problems[i].ToProblem(seed: (ulong)i), simulation, Budget.Unlimited)).Answer == "1") correct++;
            return correct / (double)problems.Count;
        }
        var single = await Accuracy("single:temperature=0.8");
        var majority = await Accuracy("majority:n=16");
        Assert.InRange(single, 0.35, 0.65);
        // Exact rate for p = 0.5 against three equally likely wrong answers at n = 16 is 0.902
        // (a 200,000-trial simulation of the vote); 200 problems give a standard error of 0.021.
        Assert.InRange(majority, 0.902 - 0.07, 0.902 + 0.07);
    }
}
