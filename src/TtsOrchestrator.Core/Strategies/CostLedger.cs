using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Core.Strategies;

/// <summary>What a generator call is for: it decides what the call counts as in the ledger and the sample budget.</summary>
public enum CallPurpose
{
    /// <summary>New independent attempts: each completion is one sample.</summary>
    Sample,
    /// <summary>More text for attempts already counted (a pruned or searched trace growing): tokens, no new samples.</summary>
    Continuation,
    /// <summary>A verifier or judge reading attempts: tokens and verifier queries, no samples.</summary>
    Judgement,
}

/// <summary>What a run spent, frozen.</summary>
/// <param name="Samples">Independent attempts (<see cref="CallPurpose.Sample"/> completions): what <c>Budget.MaxSamples</c> caps.</param>
/// <param name="VerifierQueries">Completions a verifier or judge generated to score attempts (often one token each).</param>
/// <param name="GeneratorTime">Sum of generator call latencies (concurrent calls overlap, so it can exceed wall time).</param>
/// <param name="EstimatedFlops">2 · parameters · tokens processed, when the model size is known.</param>
public sealed record CostSummary(
    int Calls,
    int Samples,
    long PromptTokens,
    long GeneratedTokens,
    TimeSpan WallTime,
    TimeSpan GeneratorTime,
    double? EstimatedFlops,
    int VerifierQueries = 0)
{
    public static CostSummary Zero { get; } = new(0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, 0);

    public CostSummary Add(CostSummary other) => new(
        Calls + other.Calls, Samples + other.Samples, PromptTokens + other.PromptTokens,
        GeneratedTokens + other.GeneratedTokens, WallTime + other.WallTime, GeneratorTime + other.GeneratorTime,
        EstimatedFlops is { } a && other.EstimatedFlops is { } b ? a + b : null, VerifierQueries + other.VerifierQueries);
}

/// <summary>Thread-safe running tally of generator calls; strategies may call generators concurrently.</summary>
public sealed class CostLedger(long? parameterCount)
{
    private readonly Lock _gate = new();
    private int _calls, _samples, _verifierQueries;
    private long _promptTokens, _generatedTokens;
    private TimeSpan _generatorTime;

    public void Record(GenerationResult result, CallPurpose purpose = CallPurpose.Sample)
    {
        lock (_gate)
        {
            _calls++;
            if (purpose == CallPurpose.Sample) _samples += result.Completions.Count;
            if (purpose == CallPurpose.Judgement) _verifierQueries += result.Completions.Count;
            _promptTokens += result.PromptTokensEvaluated;
            _generatedTokens += result.GeneratedTokens;
            _generatorTime += result.Latency;
        }
    }

    public int Samples { get { lock (_gate) return _samples; } }
    public long GeneratedTokens { get { lock (_gate) return _generatedTokens; } }

    public CostSummary Snapshot(TimeSpan wallTime)
    {
        lock (_gate)
        {
            double? flops = parameterCount is { } p ? 2.0 * p * (_promptTokens + _generatedTokens) : null;
            return new CostSummary(_calls, _samples, _promptTokens, _generatedTokens, wallTime, _generatorTime, flops, _verifierQueries);
        }
    }
}
