using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Core.Scoring;

/// <summary>
/// How model-based verifiers read a one-token verdict: one greedy token with its top alternatives, and the share of
/// probability the "good" spelling holds against the "bad" one.
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

    /// <summary>P(good) / (P(good) + P(bad)) over the tokens each predicate accepts; 0.5 (no evidence) when neither appears.</summary>
    public static double Share(IEnumerable<TokenLogProb> alternatives, Func<string, bool> good, Func<string, bool> bad)
    {
        double Mass(Func<string, bool> matches) => alternatives.Where(a => matches(a.Token)).Sum(a => Math.Exp(a.LogProb));
        var (yes, no) = (Mass(good), Mass(bad));
        return yes + no > 0 ? yes / (yes + no) : 0.5;
    }
}
