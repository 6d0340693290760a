namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// A verifier's error rates measured on graded samples: a sample "passes" when its score is at least
/// <see cref="Threshold"/>. The true-positive rate is the share of right samples that pass, the false-positive rate
/// the share of wrong ones that do; <see cref="Auroc"/> says how well the scores rank right above wrong at any
/// threshold. Feed <see cref="Verifier"/> to best-of-N's cap (<c>tpr</c>/<c>fpr</c>) or to <see cref="ImperfectVerifier"/>.
/// </summary>
public sealed record VerifierMeasurement(double Threshold, int Right, int RightPassed, int Wrong, int WrongPassed, double Auroc)
{
    public double TruePositiveRate => Right > 0 ? (double)RightPassed / Right : double.NaN;
    public double FalsePositiveRate => Wrong > 0 ? (double)WrongPassed / Wrong : double.NaN;

    /// <summary>The rates as an <see cref="ImperfectVerifier"/>; needs both right and wrong samples.</summary>
    public ImperfectVerifier Verifier => Right > 0 && Wrong > 0
        ? new ImperfectVerifier(TruePositiveRate, FalsePositiveRate)
        : throw new InvalidOperationException($"measuring a verifier needs right and wrong samples; these have {Right} right and {Wrong} wrong");

    /// <summary>Measures from (score, correct) pairs; a NaN score (unscored sample) is skipped, −∞ (no answer) counts as a fail.</summary>
    public static VerifierMeasurement Of(IEnumerable<(double Score, bool Correct)> samples, double threshold = 0.5)
    {
        var scored = samples.Where(s => !double.IsNaN(s.Score)).ToList();
        var right = scored.Where(s => s.Correct).Select(s => s.Score).ToList();
        var wrong = scored.Where(s => !s.Correct).Select(s => s.Score).ToList();
        return new VerifierMeasurement(threshold, right.Count, right.Count(s => s >= threshold), wrong.Count, wrong.Count(s => s >= threshold),
            AreaUnderRoc(right, wrong));
    }

    /// <summary>P(a random right sample scores above a random wrong one), ties counting half (Mann–Whitney); NaN without both kinds.</summary>
    public static double AreaUnderRoc(IReadOnlyList<double> right, IReadOnlyList<double> wrong)
    {
        if (right.Count == 0 || wrong.Count == 0) return double.NaN;
        // Rank all scores once; the right samples' rank sum gives the U statistic in O(n log n).
        var all = right.Select(s => (Score: s, Right: true)).Concat(wrong.Select(s => (Score: s, Right: false))).OrderBy(x => x.Score).ToList();
        var rankSumRight = 0.0;
        for (var i = 0; i < all.Count;)
        {
            var j = i;
            while (j < all.Count && all[j].Score.Equals(all[i].Score)) j++;
            var midRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (; i < j; i++) if (all[i].Right) rankSumRight += midRank;
        }
        return (rankSumRight - right.Count * (right.Count + 1) / 2.0) / ((double)right.Count * wrong.Count);
    }
}
