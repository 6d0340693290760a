using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// The log-probability that sampling at a temperature draws a token, from the model's own log-probabilities (what
/// engines report: no temperature applied). With the token's top alternatives the distribution is renormalised at
/// the temperature over them, and the mass outside them counted as if it sat at the least likely alternative's
/// probability (an upper bound on its share at temperatures up to 1, so the result errs low). Without alternatives it
/// is p^(1/T), which is also never above the true value for T ≤ 1.
/// </summary>
public static class SamplingLogProb
{
    /// <summary>Temperatures below this are greedy: the top token has probability 1, any other 0.</summary>
    private const double Greedy = 1e-3;

    public static double Of(TokenLogProb token, double temperature)
    {
        var alternatives = token.TopAlternatives;
        if (temperature < Greedy)
            return alternatives is { Count: > 0 } && alternatives.Max(a => a.LogProb) > token.LogProb + 1e-9 ? double.NegativeInfinity : 0;
        if (alternatives is not { Count: > 0 }) return token.LogProb / temperature;

        var inverse = 1 / temperature;
        var least = alternatives.Min(a => a.LogProb);
        var rest = Math.Max(0, 1 - alternatives.Sum(a => Math.Exp(a.LogProb)));
        var normaliser = alternatives.Sum(a => Math.Exp(a.LogProb * inverse)) + rest * Math.Exp(least * (inverse - 1));
        return token.LogProb * inverse - Math.Log(normaliser);
    }
}
