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
    public async Task Uncertain_problems_get_more_samples_than_settled_ones_and_hopeless_ones_stop_before_max()
    {
        var (settled, uncertain, hopeless) = (await MeanSamplesAsync(Settled), await MeanSamplesAsync(Uncertain), await MeanSamplesAsync(Hopeless));
        Assert.InRange(settled, 4, 6);
        Assert.True(uncertain > 2 * settled, $"uncertain {uncertain} vs settled {settled}");
        Assert.InRange(hopeless, 4, 20); // every sample differs: the mode never shows, so it stops well before max
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

    private static readonly SimulatedProblem[] Mixed =
    [
        .. Enumerable.Range(0, 6).Select(i => SimulatedProblem.WithSuccessRate($"settled{i}", 0.97, "7", ("8", 1))),
        .. Enumerable.Range(0, 3).Select(i => SimulatedProblem.WithSuccessRate($"uncertain{i}", 0.45, "7", ("8", 0.7), ("9", 0.3))),
        Hopeless,
    ];

    [Fact]
    public async Task A_shared_total_is_never_exceeded_and_goes_to_the_uncertain_problems()
    {
        var strategy = (IProblemSetStrategy)Create("budget:total=60,probe=2,batch=2,max=32,price=0");
        Assert.True(strategy.SpendsAcrossProblems);
        var results = await strategy.SolveSetAsync([.. Mixed.Select((p, i) => p.ToProblem((ulong)i))], new SimulatedGenerator(Mixed), concurrency: 4);

        Assert.Equal(60, results.Sum(r => r.Cost.Samples));
        Assert.All(results, r => Assert.InRange(r.Cost.Samples, 2, 32));
        var settled = results.Take(6).Average(r => r.Cost.Samples);
        var uncertain = results.Skip(6).Take(3).Average(r => r.Cost.Samples);
        Assert.True(uncertain > 1.2 * settled, $"uncertain {uncertain} vs settled {settled}");
        Assert.Contains(results[6].Trace, e => e.Message.StartsWith("granted 2 of the shared budget"));
    }

    [Fact]
    public async Task A_price_stops_spending_before_the_total_when_nothing_is_worth_it()
    {
        var settledOnly = Mixed.Take(6).ToArray();
        var results = await ((IProblemSetStrategy)Create("budget:total=200,probe=4,price=0.01"))
            .SolveSetAsync([.. settledOnly.Select((p, i) => p.ToProblem((ulong)i))], new SimulatedGenerator(settledOnly), concurrency: 2);
        Assert.InRange(results.Sum(r => r.Cost.Samples), 24, 40);
    }

    [Fact]
    public async Task A_total_too_small_for_the_probes_is_a_clear_error()
    {
        var strategy = (IProblemSetStrategy)Create("budget:total=10,probe=4");
        var e = await Assert.ThrowsAsync<Core.UserInputException>(() => strategy.SolveSetAsync([.. Mixed.Select(p => p.ToProblem())], new SimulatedGenerator(Mixed), 1));
        Assert.Contains("total=10 cannot probe 10 problems with 4 samples each", e.Message);
    }
}
