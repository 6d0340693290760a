namespace TtsOrchestrator.Core.Generation;

/// <summary>
/// One generator call: <see cref="N"/> independent continuations of one prompt. Asking for all samples
/// in one call lets an engine prefill the prompt once and decode the N sequences in one batch.
/// </summary>
public sealed record GenerationRequest
{
    public required Prompt Prompt { get; init; }
    public int N { get; init; } = 1;
    public SamplingOptions Sampling { get; init; } = new();
    /// <summary>Upper bound on generated tokens per completion.</summary>
    public int MaxTokens { get; init; } = 512;
    /// <summary>End-of-text is suppressed until a completion has this many tokens (benchmarks use it to fix lengths).</summary>
    public int MinTokens { get; init; }
    /// <summary>Generation of a completion ends at the first of these strings; it is not part of the text.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];
    /// <summary>Return the log-probability of every sampled token (the mean is always returned when known).</summary>
    public bool TokenLogProbs { get; init; }
    /// <summary>
    /// With <see cref="TokenLogProbs"/>, also this many most likely tokens at each position (0..20). A verifier that
    /// answers with one token reads its whole judgement from them (e.g. P("+") against P("-")).
    /// </summary>
    public int TopLogProbs { get; init; }
    /// <summary>
    /// Report each completion's self-certainty (mean over its tokens of KL(uniform ‖ next-token distribution),
    /// "Scalable Best-of-N Selection via Self-Certainty"): higher means the model was surer. Needs the full
    /// distribution, so only engines that see the logits (the in-process one) can give it.
    /// </summary>
    public bool SelfCertainty { get; init; }

    public const int MaxTopLogProbs = 20;

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid field at once.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (N < 1) problems.Add($"n {N} must be at least 1");
        if (MaxTokens < 1) problems.Add($"max_tokens {MaxTokens} must be at least 1");
        if (MinTokens < 0 || MinTokens > MaxTokens) problems.Add($"min_tokens {MinTokens} must be within 0..max_tokens ({MaxTokens})");
        if (TopLogProbs is < 0 or > MaxTopLogProbs) problems.Add($"top_logprobs {TopLogProbs} must be within 0..{MaxTopLogProbs}");
        if (TopLogProbs > 0 && !TokenLogProbs) problems.Add("top_logprobs needs token log-probs (TokenLogProbs = true)");
        if (Stop.Any(string.IsNullOrEmpty)) problems.Add("stop strings must not be empty");
        problems.AddRange(Sampling.Validate());
        if (problems.Count > 0) throw new ArgumentException("Invalid generation request: " + string.Join("; ", problems));
    }
}
