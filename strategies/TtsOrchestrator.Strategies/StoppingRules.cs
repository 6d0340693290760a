using MathNet.Numerics;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// When adaptive self-consistency may stop sampling, given the vote counts so far (largest first). Each rule
/// answers "is the majority settled?"; all are pure functions of the counts so they can be checked against
/// closed forms.
/// </summary>
public static class StoppingRules
{
    /// <summary>
    /// Adaptive-Consistency's Beta rule: with the two leading counts a ≥ b, the leader's share among the two,
    /// p, has posterior Beta(a+1, b+1) under a uniform prior; the rule stops when P(p &gt; 1/2) reaches a confidence.
    /// P(p &gt; 1/2) = 1 − I_{1/2}(a+1, b+1).
    /// </summary>
    public static double BetaConfidence(IReadOnlyList<int> counts)
    {
        if (counts.Count == 0) return 0;
        var (a, b) = (counts[0], counts.Count > 1 ? counts[1] : 0);
        return 1 - SpecialFunctions.BetaRegularized(a + 1, b + 1, 0.5);
    }

    /// <summary>
    /// Adaptive-Consistency's Dirichlet rule: the answer probabilities have posterior Dirichlet(counts + 1), with one
    /// extra category for answers not seen yet; the confidence is P(the leader's probability is the largest), estimated
    /// with <paramref name="draws"/> seeded Monte Carlo draws (Gamma variates normalised), so it is reproducible.
    /// </summary>
    public static double DirichletConfidence(IReadOnlyList<int> counts, int draws = 4000, int seed = 17)
    {
        if (counts.Count == 0) return 0;
        var random = new Random(seed);
        var alphas = counts.Select(c => c + 1.0).Append(1.0).ToArray(); // the last one stands for "something unseen"
        var wins = 0;
        var sample = new double[alphas.Length];
        for (var d = 0; d < draws; d++)
        {
            for (var i = 0; i < alphas.Length; i++) sample[i] = MathNet.Numerics.Distributions.Gamma.Sample(random, alphas[i], 1);
            var leader = sample[0];
            if (sample.Skip(1).All(x => x < leader)) wins++;
        }
        return (double)wins / draws;
    }

    /// <summary>Entropy (nats) of the observed answer distribution; the entropy rule stops when it falls to a threshold.</summary>
    public static double Entropy(IReadOnlyList<int> counts)
    {
        double total = counts.Sum();
        return total == 0 ? double.PositiveInfinity : -counts.Where(c => c > 0).Sum(c => c / total * Math.Log(c / total));
    }

    /// <summary>Early-Stopping Self-Consistency: stop when every answer of the latest window is the same (a window with zero entropy).</summary>
    public static bool WindowAgrees(IReadOnlyList<string?> latestWindow, Func<string, string, bool> equivalent) =>
        latestWindow.Count > 0 && latestWindow[0] is { } first && latestWindow.All(a => a is not null && equivalent(first, a));
}
