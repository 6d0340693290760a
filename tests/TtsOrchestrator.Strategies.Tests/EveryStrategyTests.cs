using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Strategies.Tests;

/// <summary>Properties every registered strategy must have, checked on each one's example spec.</summary>
public class EveryStrategyTests
{
    public static TheoryData<string> Examples { get; } = [.. BuiltInStrategies.CreateRegistry().Strategies.Select(d => d.Example!)];

    private static IStrategy Create(string spec) => BuiltInStrategies.CreateRegistry().Create(spec);

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Cancellation_ends_a_run_that_is_waiting_on_the_generator(string spec)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Create(spec).SolveAsync(Problem.FromQuestion("What is 2+2?"), new HangingGenerator(), Budget.Unlimited, cancel.Token));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_sample_budget_is_never_exceeded(string spec)
    {
        var g = new VerifyingGenerator([new ScriptedSample("2+2=4\n#### 4"), new ScriptedSample("2+2=5\n#### 5")], VerifyingGenerator.Arithmetic);
        var result = await Create(spec).SolveAsync(Problem.FromQuestion("What is 2+2?"), g, new Budget(MaxSamples: 5));
        // Verifier queries spend tokens, not samples (a budget of samples caps the attempts, not their checking).
        Assert.True(g.SolveRequests.Sum(r => r.N) <= 5, $"{spec}: {g.SolveRequests.Sum(r => r.N)} samples");
        Assert.True(result.Cost.Samples <= 5);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_trace_names_every_candidate_the_result_reports(string spec)
    {
        var g = new VerifyingGenerator([new ScriptedSample("2+2=4\n#### 4"), new ScriptedSample("2+2=5\n#### 5")], VerifyingGenerator.Arithmetic);
        var result = await Create(spec).SolveAsync(Problem.FromQuestion("What is 2+2?"), g, Budget.Unlimited);
        Assert.NotEmpty(result.Candidates);
        Assert.Equal(Enumerable.Range(0, result.Candidates.Count), result.Candidates.Select(c => c.Index));
        Assert.Contains(result.Trace, e => e.Message.Contains($"from {result.Candidates.Count} candidates"));
        Assert.NotNull(result.Answer);
    }
}
