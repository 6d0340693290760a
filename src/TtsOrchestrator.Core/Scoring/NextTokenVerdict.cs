using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Core.Scoring;

/// <summary>
/// How model-based verifiers read a verdict: a greedy answer with the top alternatives at each token, the verdict
/// being its first token (a judge's yes/no) or its last one (a verifier that redoes the step before judging), and
/// the share of probability the "good" spelling holds against the "bad" one there.
/// </summary>
public static class NextTokenVerdict
{
    /// <summary>The most likely next tokens after <paramref name="prompt"/>; empty when no completion came back (a spent budget refused the call).</summary>
    public static async Task<IReadOnlyList<TokenLogProb>> AlternativesAsync(IGenerator generator, Prompt prompt, int alternatives, CancellationToken cancellationToken)
    {
        var result = await generator.GenerateAsync(new GenerationRequest
        {
            Prompt = prompt,
            MaxTokens = 1,
            Sampling = SamplingOptions.Greedy,
            TokenLogProbs = true,
            TopLogProbs = alternatives,
        }, cancellationToken).ConfigureAwait(false);
        return result.Completions is [{ TokenLogProbs: [var first, ..] }, ..] ? first.TopAlternatives ?? [first] : [];
    }

    /// <summary>
    /// The alternatives at the last token of a greedy answer of at most <paramref name="maxTokens"/> tokens (end-of-turn
    /// and blank tokens skipped); empty when no completion came back. A one-token answer gives its only token.
    /// </summary>
    public static async Task<IReadOnlyList<TokenLogProb>> FinalAlternativesAsync(IGenerator generator, Prompt prompt, int alternatives, int maxTokens, CancellationToken cancellationToken)
    {
        var result = await generator.GenerateAsync(new GenerationRequest
        {
            Prompt = prompt,
            MaxTokens = maxTokens,
            Sampling = SamplingOptions.Greedy,
            TokenLogProbs = true,
            TopLogProbs = alternatives,
        }, cancellationToken).ConfigureAwait(false);
        if (result.Completions is not [{ TokenLogProbs: { } tokens }, ..]) return [];
        for (var i = tokens.Count - 1; i >= 0; i--)
            if (!string.IsNullOrWhiteSpace(tokens[i].Token)) return tokens[i].TopAlternatives ?? [tokens[i]];
        return [];
    }

    /// <summary>P(good) / (P(good) + P(bad)) over the tokens each predicate accepts; 0.5 (no evidence) when neither appears.</summary>
    public static double Share(IEnumerable<TokenLogProb> alternatives, Func<string, bool> good, Func<string, bool> bad)
    {
        double Mass(Func<string, bool> matches) => alternatives.Where(a => matches(a.Token)).Sum(a => Math.Exp(a.LogProb));
        var (yes, no) = (Mass(good), Mass(bad));
        return yes + no > 0 ? yes / (yes + no) : 0.5;
    }
}
