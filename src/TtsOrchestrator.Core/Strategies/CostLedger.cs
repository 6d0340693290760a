using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Core.Strategies;

/// <summary>What a run spent, frozen.</summary>
/// <param name="GeneratorTime">Sum of generator call latencies (concurrent calls overlap, so it can exceed wall time).</param>
/// <param name="EstimatedFlops">2 · parameters · tokens processed, when the model size is known.</param>
public sealed record CostSummary(
    int Calls,
    int Samples,
    long PromptTokens,
    long GeneratedTokens,
    TimeSpan WallTime,
    TimeSpan GeneratorTime,
    double? EstimatedFlops)
{
    public static CostSummary Zero { get; } = new(0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, 0);

    public CostSummary Add(CostSummary other) => new(
        Calls + other.Calls, Samples + other.Samples, PromptTokens + other.PromptTokens,
        GeneratedTokens + other.GeneratedTokens, WallTime + other.WallTime, GeneratorTime + other.GeneratorTime,
        EstimatedFlops is { } a && other.EstimatedFlops is { } b ? a + b : null);
}

/// <summary>Thread-safe running tally of generator calls; strategies may call generators concurrently.</summary>
public sealed class CostLedger(long? parameterCount)
{
    private readonly Lock _gate = new();
    private int _calls, _samples;
    private long _promptTokens, _generatedTokens;
    private TimeSpan _generatorTime;

    public void Record(GenerationResult result)
    {
        lock (_gate)
        {
            _calls++;
            _samples += result.Completions.Count;
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
            return new CostSummary(_calls, _samples, _promptTokens, _generatedTokens, wallTime, _generatorTime, flops);
        }
    }
}
