using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Core.Strategies;

/// <summary>
/// The bookkeeping of one <see cref="IStrategy.SolveAsync"/> call, shared by all strategies so that
/// none has to repeat it: every generator call goes through <see cref="SampleAsync"/>, which cuts the
/// request to the remaining budget, cancels it when the wall-time budget runs out, records its cost
/// and writes the trace. Safe for concurrent calls (budget is reserved before a call starts).
/// </summary>
public sealed class StrategyRun : IDisposable
{
    private readonly IGenerator _generator;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _wallClock;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Lock _gate = new();
    private int _reservedSamples;
    private long _reservedTokens;

    public StrategyRun(string spec, Problem problem, IGenerator generator, Budget budget,
        CancellationToken cancellationToken, TimeProvider? time = null)
    {
        Spec = spec;
        Problem = problem;
        Budget = budget;
        _generator = generator;
        _callerToken = cancellationToken;
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        _wallClock = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (budget.MaxWallTime is { } wall) _wallClock.CancelAfter(wall);
        Ledger = new CostLedger(generator.Info.ParameterCount);
        Trace = new StrategyTrace(() => Elapsed);
        Trace.Add($"{spec} on problem {problem.Id} with budget {budget}");
    }

    public string Spec { get; }
    public Problem Problem { get; }
    public Budget Budget { get; }
    public CostLedger Ledger { get; }
    public StrategyTrace Trace { get; }
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>Set once a budget limit stopped or cut a request.</summary>
    public StopReason? BudgetStop { get; private set; }

    /// <summary>Cancelled by the caller or when the wall-time budget is spent.</summary>
    public CancellationToken Token => _wallClock.Token;

    /// <summary>A seed for sampling stream <paramref name="stream"/> of this problem.</summary>
    public ulong SeedFor(int stream) => Seeds.Derive(Problem.Seed, stream);

    /// <summary>
    /// Samples up to <c>request.N</c> completions in one generator call, fewer when the budget is
    /// nearly spent, none once it is. The caller's cancellation propagates; the wall-time budget's
    /// does not (the run ends with what it has).
    /// </summary>
    public async Task<IReadOnlyList<Completion>> SampleAsync(GenerationRequest request, string? purpose = null) =>
        await SampleFromAsync(request, purpose, _generator, CallPurpose.Sample).ConfigureAwait(false);

    /// <summary>
    /// Like <see cref="SampleAsync"/> for text that extends attempts already sampled (the request's prompt continues
    /// one of them): it spends tokens, not samples, so a strategy that grows traces in segments counts each trace once.
    /// </summary>
    public async Task<IReadOnlyList<Completion>> ContinueAsync(GenerationRequest request, string? purpose = null) =>
        await SampleFromAsync(request, purpose, _generator, CallPurpose.Continuation).ConfigureAwait(false);

    private async Task<IReadOnlyList<Completion>> SampleFromAsync(GenerationRequest request, string? purpose, IGenerator generator, CallPurpose callPurpose)
    {
        request.Validate();
        if (!TryReserve(request, callPurpose, out var granted))
            return [];
        var label = purpose is null ? "" : $" ({purpose})";
        if (granted.N != request.N || granted.MaxTokens != request.MaxTokens)
            Trace.Add($"budget cut request{label}: n {request.N}->{granted.N}, max_tokens {request.MaxTokens}->{granted.MaxTokens}");
        try
        {
            var result = await generator.GenerateAsync(granted, Token).ConfigureAwait(false);
            Ledger.Record(result, callPurpose);
            Trace.Add($"sampled {result.Completions.Count}{label}: {result.GeneratedTokens} tokens, " +
                      $"{result.PromptTokensEvaluated} prompt tokens evaluated, {result.Latency.TotalMilliseconds:0} ms");
            return result.Completions;
        }
        catch (OperationCanceledException) when (_wallClock.IsCancellationRequested && !_callerToken.IsCancellationRequested)
        {
            BudgetStop ??= StopReason.WallTimeBudget;
            Trace.Add($"wall-time budget spent during a call{label}; keeping what was sampled before");
            return [];
        }
        finally
        {
            lock (_gate)
            {
                if (callPurpose == CallPurpose.Sample) _reservedSamples -= granted.N;
                _reservedTokens -= (long)granted.N * granted.MaxTokens;
            }
        }
    }

    /// <summary>
    /// The run's generator as seen through its budget and ledger: every call goes through <see cref="SampleAsync"/>,
    /// so a model-based scorer (a process reward model asking one token per step) spends the same token and wall-time
    /// budget and shows in the same cost and trace as the samples it judges (as verifier queries, not samples).
    /// </summary>
    public IGenerator Metered(string purpose) => new MeteredGenerator(this, purpose, _generator);

    /// <summary>
    /// Like <see cref="Metered"/>, for judging: calls go to the generator's named verifier model when it has one
    /// (<see cref="IHasVerifier"/>), else to the generator itself.
    /// </summary>
    public IGenerator MeteredVerifier(string purpose) => new MeteredGenerator(this, purpose, (_generator as IHasVerifier)?.Verifier ?? _generator);

    private sealed class MeteredGenerator(StrategyRun run, string purpose, IGenerator target) : IGenerator
    {
        public GeneratorInfo Info => target.Info;

        public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            var completions = await run.SampleFromAsync(request, purpose, target, CallPurpose.Judgement).ConfigureAwait(false);
            return new GenerationResult { Completions = completions, PromptTokensEvaluated = 0 };
        }
    }

    private bool TryReserve(GenerationRequest request, CallPurpose callPurpose, out GenerationRequest granted)
    {
        granted = request;
        if (_wallClock.IsCancellationRequested)
        {
            _callerToken.ThrowIfCancellationRequested();
            return Refuse(StopReason.WallTimeBudget, "wall-time budget spent");
        }
        lock (_gate)
        {
            var n = request.N;
            if (Budget.MaxSamples is { } maxSamples && callPurpose == CallPurpose.Sample)
            {
                var left = maxSamples - Ledger.Samples - _reservedSamples;
                if (left <= 0) return Refuse(StopReason.SampleBudget, $"sample budget of {maxSamples} spent");
                if (left < n) { n = left; BudgetStop ??= StopReason.SampleBudget; }
            }
            var maxTokens = request.MaxTokens;
            if (Budget.MaxGeneratedTokens is { } maxGenerated)
            {
                var left = maxGenerated - Ledger.GeneratedTokens - _reservedTokens;
                if (left < 1) return Refuse(StopReason.TokenBudget, $"token budget of {maxGenerated} spent");
                if (left < (long)n * maxTokens)
                {
                    // Keep every sample long enough to be useful: drop samples before shortening them below a quarter.
                    n = (int)Math.Max(1, Math.Min(n, left / Math.Max(1, maxTokens / 4)));
                    maxTokens = (int)Math.Min(maxTokens, left / n);
                    BudgetStop ??= StopReason.TokenBudget;
                }
            }
            if (callPurpose == CallPurpose.Sample) _reservedSamples += n;
            _reservedTokens += (long)n * maxTokens;
            granted = request with { N = n, MaxTokens = maxTokens };
            return true;
        }
    }

    private bool Refuse(StopReason reason, string why)
    {
        BudgetStop ??= reason;
        Trace.Add($"request refused: {why}");
        return false;
    }

    /// <summary>Freezes the run into a result.</summary>
    public StrategyResult Finish(string? answer, int? chosenCandidate, IReadOnlyList<Candidate> candidates,
        IReadOnlyList<AnswerVote>? votes = null, StopReason ownStop = StopReason.Completed)
    {
        var stop = BudgetStop ?? ownStop;
        var cost = Ledger.Snapshot(Elapsed);
        Trace.Add($"answer {(answer is null ? "(none)" : $"'{answer}'")} from {candidates.Count} candidates; stop: {stop}; " +
                  $"{cost.Samples} samples, {(cost.VerifierQueries > 0 ? $"{cost.VerifierQueries} verifier queries, " : "")}{cost.GeneratedTokens} generated tokens");
        return new StrategyResult
        {
            Strategy = Spec,
            Answer = answer,
            ChosenCandidate = chosenCandidate,
            Candidates = candidates,
            Votes = votes ?? [],
            Cost = cost,
            StopReason = stop,
            Budget = Budget,
            Trace = Trace.Events,
        };
    }

    public void Dispose() => _wallClock.Dispose();
}
