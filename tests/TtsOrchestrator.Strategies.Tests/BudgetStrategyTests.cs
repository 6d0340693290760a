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
        var results = await strategy.SolveSetAsync([.. Mixed.Select((p, i) => p.ToProblem((ulong)i))], new SimulatedGenerator(Mixed), new ProblemSetOptions { Concurrency = 4 });

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
            .SolveSetAsync([.. settledOnly.Select((p, i) => p.ToProblem((ulong)i))], new SimulatedGenerator(settledOnly), new ProblemSetOptions { Concurrency = 2 });
        Assert.InRange(results.Sum(r => r.Cost.Samples), 24, 40);
    }

    [Fact]
    public async Task A_total_too_small_for_the_probes_is_a_clear_error()
    {
        var strategy = (IProblemSetStrategy)Create("budget:total=10,probe=4");
        var e = await Assert.ThrowsAsync<Core.UserInputException>(() => strategy.SolveSetAsync([.. Mixed.Select(p => p.ToProblem())], new SimulatedGenerator(Mixed), new ProblemSetOptions()));
        Assert.Contains("total=10 cannot probe 10 problems with 4 samples each", e.Message);
    }

    // target=coverage: a perfect check simulated by a judge that says yes exactly to the simulated correct answer 7.
    private static Core.Generation.GeneratorWithVerifier Checked(params SimulatedProblem[] problems) =>
        new(new SimulatedGenerator(problems), new global::TtsOrchestrator.Tests.Shared.VerifyingGenerator([], _ => 0.5, solution => solution.EndsWith("#### 7") ? 0.99 : 0.01));

    private const string Coverage = "budget:target=coverage,verifier=judge,probe=2,batch=2,max=32";

    [Fact]
    public async Task For_coverage_a_problem_stops_at_its_first_pass_and_answers_with_it()
    {
        var uncertain = SimulatedProblem.WithSuccessRate("rare", 0.2, "7", ("8", 1));
        for (var seed = 0UL; seed < 5; seed++)
        {
            var result = await Create(Coverage + ",price=0.01").SolveAsync(uncertain.ToProblem(seed), Checked(uncertain), Budget.Unlimited);
            Assert.Equal("7", result.Answer);
            Assert.Equal(StopReason.Converged, result.StopReason);
            var firstPass = result.Candidates.First(c => c.Answer == "7").Index;
            Assert.True(result.Cost.Samples <= firstPass + 2, $"{result.Cost.Samples} samples, first pass at {firstPass}"); // at most the rest of its batch
            Assert.Contains(result.Trace, e => e.Message.EndsWith("solved (a sample passed the check)"));
        }
    }

    [Fact]
    public async Task For_coverage_a_problem_that_keeps_failing_stops_when_a_pass_is_no_longer_worth_the_price()
    {
        var never = SimulatedProblem.WithSuccessRate("never", 0, "7", ("8", 1));
        var result = await Create(Coverage + ",price=0.03").SolveAsync(never.ToProblem(), Checked(never), Budget.Unlimited);
        // Jeffreys' prior: after n failures one more sample passes with P = 0.5 / (1 + n), under 0.03 from n = 16.
        Assert.InRange(result.Cost.Samples, 14, 18);
        Assert.Contains(result.Trace, e => e.Message.Contains("P(a pass) 0") && e.Message.Contains("< price 0.03"));
    }

    [Fact]
    public async Task For_coverage_over_a_set_solved_problems_stop_and_the_unsolved_get_the_rest_of_the_total()
    {
        SimulatedProblem[] set =
        [
            .. Enumerable.Range(0, 10).Select(i => SimulatedProblem.WithSuccessRate($"easy{i}", 0.9, "7", ("8", 1))),
            .. Enumerable.Range(0, 4).Select(i => SimulatedProblem.WithSuccessRate($"hard{i}", 0.15, "7", ("8", 1))),
            .. Enumerable.Range(0, 2).Select(i => SimulatedProblem.WithSuccessRate($"never{i}", 0, "7", ("8", 1))),
        ];
        var (budgetSolved, uniformSolved) = (0, 0);
        for (var seed = 0; seed < 8; seed++)
        {
            var problems = set.Select((p, i) => p.ToProblem((ulong)(100 * seed + i))).ToList();
            var results = await ((IProblemSetStrategy)Create(Coverage.Replace("max=32", "max=16") + ",total=64,price=0")).SolveSetAsync(problems, Checked(set), new ProblemSetOptions { Concurrency = 4 });
            Assert.True(results.Sum(r => r.Cost.Samples) <= 64);
            Assert.True(results.Take(10).Average(r => r.Cost.Samples) < results.Skip(10).Average(r => r.Cost.Samples));
            Assert.Contains(results[0].Trace, e => e.Message.StartsWith("pass-rate prior Beta("));
            budgetSolved += results.Count(r => r.Answer == "7");
            // The same 64 samples spread evenly: 4 per problem, each checked, the best-scored answer.
            uniformSolved += (await Task.WhenAll(problems.Select(p => Create("best-of-n:n=4,verifier=judge").SolveAsync(p, Checked(set), Budget.Unlimited)))).Count(r => r.Answer == "7");
        }
        Assert.True(budgetSolved >= uniformSolved + 4, $"budget solved {budgetSolved}, uniform {uniformSolved} of 128");
    }

    [Fact]
    public async Task Over_a_set_each_problem_is_reported_once_as_soon_as_its_result_is_final()
    {
        var reported = new System.Collections.Concurrent.ConcurrentQueue<(int Index, StrategyResult Result)>();
        var problems = Mixed.Select((p, i) => p.ToProblem((ulong)i)).ToList();
        var results = await ((IProblemSetStrategy)Create("budget:total=60,probe=2,batch=2,max=32,price=0.01"))
            .SolveSetAsync(problems, new SimulatedGenerator(Mixed), new ProblemSetOptions { Concurrency = 4, Solved = (i, r) => reported.Enqueue((i, r)) });

        Assert.Equal(Enumerable.Range(0, problems.Count), reported.Select(r => r.Index).Order());
        Assert.All(reported, r => Assert.Same(results[r.Index], r.Result));
        // Settled problems stop after their probe and are reported before the uncertain ones that go on sampling.
        var order = reported.Select(r => r.Index).ToList();
        Assert.True(order.IndexOf(0) < order.IndexOf(6), string.Join(",", order));
    }

    [Fact]
    public async Task A_resumed_set_spends_only_what_the_finished_problems_left_of_the_total()
    {
        var problems = Mixed.Select((p, i) => p.ToProblem((ulong)i)).ToList();
        var results = await ((IProblemSetStrategy)Create("budget:total=60,probe=2,batch=2,max=32,price=0"))
            .SolveSetAsync(problems, new SimulatedGenerator(Mixed), new ProblemSetOptions { Concurrency = 4, SamplesAlreadySpent = 25 });
        Assert.Equal(35, results.Sum(r => r.Cost.Samples));

        var e = await Assert.ThrowsAsync<Core.UserInputException>(() => ((IProblemSetStrategy)Create("budget:total=60,probe=2"))
            .SolveSetAsync(problems, new SimulatedGenerator(Mixed), new ProblemSetOptions { SamplesAlreadySpent = 45 }));
        Assert.Contains("has 15 samples left after the 45 spent before this resume", e.Message);
    }
}
