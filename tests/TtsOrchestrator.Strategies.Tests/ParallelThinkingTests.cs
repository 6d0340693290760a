using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Strategies.Tests;

public class ParallelThinkingTests
{
    private static readonly Problem Question = Problem.FromQuestion("What is 1+2*3?");
    private static IStrategy Create(string spec) => BuiltInStrategies.CreateRegistry().Create(spec);

    private static ScriptedGenerator Paths(string synthesis) => new((request, i) =>
        request.Prompt.Messages[^1].Content.Contains("Write the correct solution.") ? synthesis : new[] { "#### 6", "#### 6", "#### 7", "#### 9" }[i % 4]);

    [Fact]
    public async Task All_paths_come_in_one_call_then_one_greedy_synthesis_reads_one_path_per_answer_first()
    {
        var g = Paths("2*3=6\n1+6=7\n#### 7");
        var result = await Create("parallel-thinking:paths=8,show=3").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal([8, 1], g.Requests.Select(r => r.N));
        var synthesis = g.Requests[1];
        Assert.True(synthesis.Sampling.IsGreedy);
        var text = synthesis.Prompt.Messages[^1].Content;
        Assert.StartsWith("What is 1+2*3?\nAttempt 1:\n#### 6\nAttempt 2:\n#### 7\nAttempt 3:\n#### 9\n", text); // vote order, one per answer
        Assert.Equal(("7", 8), (result.Answer, result.ChosenCandidate)); // the synthesis overrules the 6 majority
        Assert.Equal(9, result.Candidates.Count);
        Assert.Contains(result.Trace, e => e.Message.Contains("synthesis answers '7', against the vote's '6'"));
    }

    [Fact]
    public async Task A_synthesis_without_an_answer_falls_back_to_the_vote()
    {
        var result = await Create("parallel-thinking:paths=4").SolveAsync(Question, Paths("I am not sure."), Budget.Unlimited);
        Assert.Equal("6", result.Answer);
        Assert.Contains(result.Trace, e => e.Message.Contains("falling back to the paths' vote"));
    }

    [Fact]
    public async Task Synth_vote_makes_no_synthesis_call()
    {
        var g = Paths("#### 7");
        var result = await Create("parallel-thinking:paths=4,synth=vote").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Single(g.Requests);
        Assert.Equal("6", result.Answer);
    }
}
