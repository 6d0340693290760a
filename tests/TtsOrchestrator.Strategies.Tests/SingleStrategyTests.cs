using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Strategies.Tests;

public class SingleStrategyTests
{
    [Fact]
    public async Task Draws_one_greedy_sample_by_default_and_takes_its_answer()
    {
        var g = ScriptedGenerator.Cycling("2 + 2 = 4\n#### 4");
        var result = await BuiltInStrategies.CreateRegistry().Create("single").SolveAsync(Problem.FromQuestion("2+2"), g, Budget.Unlimited);
        var request = Assert.Single(g.Requests);
        Assert.Equal((1, 0.0), (request.N, request.Sampling.Temperature));
        Assert.Equal(("4", 0, 1), (result.Answer, result.ChosenCandidate, result.Cost.Samples));
        Assert.Equal("single:temperature=0,top_p=1,min_p=0,top_k=0,max_tokens=512", result.Strategy);
    }

    [Fact]
    public async Task Different_problem_seeds_give_different_sampling_seeds()
    {
        var g = ScriptedGenerator.Cycling("#### 1");
        var single = BuiltInStrategies.CreateRegistry().Create("single:temperature=1");
        await single.SolveAsync(Problem.FromQuestion("a") with { Seed = 1 }, g, Budget.Unlimited);
        await single.SolveAsync(Problem.FromQuestion("a") with { Seed = 2 }, g, Budget.Unlimited);
        Assert.NotEqual(g.Requests[0].Sampling.Seed, g.Requests[1].Sampling.Seed);
    }
}
