namespace TtsOrchestrator.Core.Generation;

/// <summary>Why a completion ended.</summary>
public enum FinishReason
{
    /// <summary>The model ended its turn (end-of-generation token).</summary>
    EndOfText,
    /// <summary>A stop string appeared; it is cut from the text.</summary>
    StopString,
    /// <summary>The completion reached its token limit.</summary>
    Length,
    /// <summary>The engine stopped it early (context full, pruned by a strategy, cancelled).</summary>
    Aborted,
}

/// <summary>
/// Log-probability of one sampled token and, when the request asked for <see cref="GenerationRequest.TopLogProbs"/>,
/// the most likely tokens at that position with theirs (most likely first; OpenAI's <c>top_logprobs</c>).
/// </summary>
public readonly record struct TokenLogProb(string Token, double LogProb, IReadOnlyList<TokenLogProb>? TopAlternatives = null);

/// <summary>One sampled continuation.</summary>
public sealed record Completion
{
    /// <summary>Position of this sample within its request (0..N-1).</summary>
    public required int Index { get; init; }
    public required string Text { get; init; }
    public required FinishReason FinishReason { get; init; }
    public required int PromptTokens { get; init; }
    public required int GeneratedTokens { get; init; }
    /// <summary>Mean log-probability of the sampled tokens, when the engine knows it.</summary>
    public double? MeanLogProb { get; init; }
    /// <summary>Mean KL(uniform ‖ p) over the generated tokens, when the request asked for it and the engine can tell.</summary>
    public double? SelfCertainty { get; init; }
    /// <summary>Per-token log-probabilities, when requested.</summary>
    public IReadOnlyList<TokenLogProb>? TokenLogProbs { get; init; }
    /// <summary>Time from the call's start until this completion finished.</summary>
    public TimeSpan Latency { get; init; }
}

/// <summary>The answer to one <see cref="GenerationRequest"/>.</summary>
public sealed record GenerationResult
{
    public required IReadOnlyList<Completion> Completions { get; init; }
    /// <summary>Prompt tokens the engine actually evaluated for this call (a shared prefill counts once; a reused KV prefix not at all).</summary>
    public required int PromptTokensEvaluated { get; init; }
    public TimeSpan Latency { get; init; }

    public int GeneratedTokens => Completions.Sum(c => c.GeneratedTokens);
}
