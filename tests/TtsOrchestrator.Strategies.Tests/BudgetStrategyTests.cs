using TtsOrchestrator.Core.Simulation;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies.Tests;

/// <summary>The per-problem budget controller on the SIMULATED generator (known answer distributions).</summary>
public class BudgetStrategyTests
{
    private static readonly SimulatedProblem Settled = SimulatedProblem.WithSuccessRate("settled", 0.98, "7", ("8", 1));
    private static readonly SimulatedProblem Uncertain = SimulatedProblem.WithSuccessRate("uncertain", 0.45, "7", ("8", 0.7), ("9", 0.3));
    private static readonly SimulatedProblem Hopeless = new("hopeless", [("7", 0.02), .. Enumerable.Range(100, 49).Select(a => ($"{a}", 0.02))]);

    private static IStrategy Create(string spec) => BuiltInStrategies.CreateRegistry().Create(spec);

    private static async Task<double> MeanSamplesAsync(SimulatedProblem problem, string spec = "budget:probe=4,batch=2,max=32,price=0.003")
    {
        var generator = new SimulatedGenerator([problem]);
        var samples = new List<int>();
        for (var seed = 0UL; seed < 20; seed++)
            samples.Add((await Create(spec).SolveAsync(problem.ToProblem(seed), generator, Budget.Unlimited)).Cost.Samples);
        return samples.Average();
    }

    [Fact]
    public async Task Uncertain_problems_get_more_samples_than_settled_or_hopeless_ones()
    {
        var (settled, uncertain, hopeless) = (await MeanSamplesAsync(Settled), await MeanSamplesAsync(Uncertain), await MeanSamplesAsync(Hopeless));
        Assert.InRange(settled, 4, 6);
        var trace = (await Create("budget:probe=4,batch=2,max=32,price=0.003").SolveAsync(Uncertain.ToProblem(1), new SimulatedGenerator([Uncertain]), Budget.Unlimited)).Trace;
        Assert.True(uncertain > 2 * settled, $"uncertain {uncertain} vs settled {settled} hopeless {hopeless}: " + string.Join("\n", trace));
        Assert.True(uncertain > 1.5 * hopeless, $"uncertain {uncertain} vs hopeless {hopeless}");
    }

    [Fact]
    public async Task A_lower_price_buys_more_samples_and_max_caps_them()
    {
        Assert.True(await MeanSamplesAsync(Uncertain, "budget:probe=4,max=64,price=0.002") > await MeanSamplesAsync(Uncertain, "budget:probe=4,max=64,price=0.02"));
        Assert.Equal(10, await MeanSamplesAsync(Uncertain, "budget:probe=4,batch=3,max=10,price=0"));
    }

    [Fact]
    public async Task The_trace_shows_each_decision_and_the_answer_is_the_majority()
    {
        var generator = new SimulatedGenerator([Settled]);
        var result = await Create("budget:probe=4,price=0.01").SolveAsync(Settled.ToProblem(3), generator, Budget.Unlimited);
        Assert.Equal("7", result.Answer);
        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.Contains(result.Trace, e => e.Message.Contains("per sample <") && e.Message.Contains("price 0.01"));
    }

    [Fact]
    public void Its_keys_are_described()
    {
        var keys = BuiltInStrategies.CreateRegistry().Find("budget")!.Keys.Select(k => k.Name);
        Assert.Superset(new HashSet<string>(["probe", "batch", "max", "price", "concentration", "temperature"]), keys.ToHashSet());
    }
}
