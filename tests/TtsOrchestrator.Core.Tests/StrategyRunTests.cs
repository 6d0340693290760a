using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Core.Tests;

public class StrategyRunTests
{
    private static readonly Problem Problem = Problem.FromQuestion("2+2");

    private static GenerationRequest Request(int n, int maxTokens = 100) => new() { Prompt = Problem.Prompt, N = n, MaxTokens = maxTokens };

    [Fact]
    public async Task Sample_budget_cuts_a_request_and_then_refuses()
    {
        var g = ScriptedGenerator.Cycling("#### 4");
        using var run = new StrategyRun("test", Problem, g, new Budget(MaxSamples: 5), CancellationToken.None);
        Assert.Equal(3, (await run.SampleAsync(Request(3))).Count);
        Assert.Equal(2, (await run.SampleAsync(Request(3))).Count);
        Assert.Empty(await run.SampleAsync(Request(3)));
        Assert.Equal([3, 2], g.Requests.Select(r => r.N));
        Assert.Equal(StopReason.SampleBudget, run.BudgetStop);
        var result = run.Finish("4", 0, []);
        Assert.Equal(StopReason.SampleBudget, result.StopReason);
        Assert.Equal(5, result.Cost.Samples);
    }

    [Fact]
    public async Task Token_budget_limits_samples_and_their_length()
    {
        var g = new ScriptedGenerator((_, _) => "#### 4", tokensPerSample: 1000);
        using var run = new StrategyRun("test", Problem, g, new Budget(MaxGeneratedTokens: 250), CancellationToken.None);
        await run.SampleAsync(Request(n: 8, maxTokens: 100));
        // 250 tokens allow two full samples of 100 plus change; samples are dropped before being cut below 25 tokens.
        var granted = g.Requests.Single();
        Assert.True((long)granted.N * granted.MaxTokens <= 250, $"{granted.N} x {granted.MaxTokens}");
        Assert.True(granted.MaxTokens >= 25);
        Assert.Equal(StopReason.TokenBudget, run.BudgetStop);
        Assert.True(run.Ledger.GeneratedTokens <= 250);
    }

    [Fact]
    public async Task Concurrent_calls_never_overspend_the_sample_budget()
    {
        var g = ScriptedGenerator.Cycling("#### 4");
        using var run = new StrategyRun("test", Problem, g, new Budget(MaxSamples: 10), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => run.SampleAsync(Request(3)))));
        Assert.Equal(10, run.Ledger.Samples);
    }

    [Fact]
    public async Task Wall_time_budget_ends_a_hanging_call_and_keeps_the_run()
    {
        using var run = new StrategyRun("test", Problem, new HangingGenerator(), new Budget(MaxWallTime: TimeSpan.FromMilliseconds(50)), CancellationToken.None);
        Assert.Empty(await run.SampleAsync(Request(4)));
        Assert.Equal(StopReason.WallTimeBudget, run.Finish(null, null, []).StopReason);
    }

    [Fact]
    public async Task Caller_cancellation_propagates()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        using var run = new StrategyRun("test", Problem, new HangingGenerator(), Budget.Unlimited, cts.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.SampleAsync(Request(1)));
    }

    [Fact]
    public async Task Ledger_counts_tokens_and_estimates_flops_from_model_size()
    {
        var g = ScriptedGenerator.Cycling("#### 4"); // 1M parameters, 7 prompt tokens, 10 tokens per sample
        using var run = new StrategyRun("test", Problem, g, Budget.Unlimited, CancellationToken.None);
        await run.SampleAsync(Request(4));
        var cost = run.Finish("4", 0, []).Cost;
        Assert.Equal((1, 4, 7L, 40L), (cost.Calls, cost.Samples, cost.PromptTokens, cost.GeneratedTokens));
        Assert.Equal(2.0 * 1_000_000 * 47, cost.EstimatedFlops);
    }

    [Fact]
    public async Task Invalid_requests_are_rejected_with_every_problem_listed()
    {
        using var run = new StrategyRun("test", Problem, ScriptedGenerator.Cycling("x"), Budget.Unlimited, CancellationToken.None);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => run.SampleAsync(Request(0) with { MaxTokens = 0, Sampling = new SamplingOptions { TopP = 2 } }));
        Assert.Contains("n 0", e.Message);
        Assert.Contains("max_tokens 0", e.Message);
        Assert.Contains("top_p 2", e.Message);
    }

    [Fact]
    public void Seeds_are_distinct_per_stream_and_stable()
    {
        Assert.Equal(Seeds.Derive(0, 0), Seeds.Derive(0, 0));
        Assert.Equal(64, Enumerable.Range(0, 64).Select(i => Seeds.Derive(5, i)).Distinct().Count());
        Assert.NotEqual(Seeds.Derive(1, 0), Seeds.Derive(2, 0));
    }
}
