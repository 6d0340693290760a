using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// Forecasts maj@k for fresh samples from a problem's first <c>seen</c> samples only: what a majority vote over k
/// new samples would score, for k far past the samples drawn. <see cref="MajorityAtK"/> measures maj@k by
/// resampling the stored samples, so it cannot reach past them; this predicts, so a small pilot run (say 4
/// samples per problem) can say what 64 would buy.
/// <para>
/// Model, per problem: the answer shares get a Dirichlet posterior over the answer groups seen in the first
/// <c>seen</c> samples (each tagged right or wrong by its grade; concentration = its count), the samples without an
/// answer (they never vote), and one mass of concentration <see cref="UnseenConcentration"/> for answers not seen
/// yet. That last mass counts as many distinct wrong answers: each fresh sample from it is a wrong answer of its
/// own, so it can win a vote only in a tie at one vote each. The forecast is the posterior expectation of the chance
/// that a plurality of k fresh samples is right, by seeded Monte Carlo: each draw samples the shares, then k
/// samples from them; ties count as the right share of the tied answers (the mean of a uniform random tie-break,
/// with less noise); k draws without any answer count as wrong, as in <see cref="MajorityAtK"/>.
/// </para>
/// <para>
/// At k = 1 the forecast is the posterior mean share of right answers, (right samples seen)/(seen + 1). The dataset
/// value is the mean over problems with a bootstrap interval over problems (<see cref="CurveBootstrap"/>); the
/// interval does not include the Monte Carlo noise, which <see cref="MajorityOptions.Draws"/> keeps small.
/// </para>
/// </summary>
public static class MajorityForecast
{
    /// <summary>Dirichlet concentration of the answers not seen yet (1 = as much as one seen sample).</summary>
    public const double UnseenConcentration = 1.0;

    /// <summary>The forecast maj@<paramref name="k"/> of one problem from its first <paramref name="seen"/> samples.</summary>
    public static double Estimate(ProblemSamples problem, int seen, int k, MajorityOptions? options = null) =>
        Estimates(problem, seen, [k], options)[0];

    /// <summary>
    /// The forecast maj@k of one problem from its first <paramref name="seen"/> samples at each k of
    /// <paramref name="ks"/> (ascending, each &gt;= 1; any size: the cost is Draws × the largest k).
    /// </summary>
    public static IReadOnlyList<double> Estimates(ProblemSamples problem, int seen, IReadOnlyList<int> ks, MajorityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        PassAtK.CheckCurve([problem], seen);
        CheckBudgets(ks);
        options ??= MajorityOptions.Default;
        options.Validate();
        return MonteCarlo(Posterior.Of(problem, seen), ks, options.Draws, new Random(options.Seed));
    }

    /// <summary>
    /// The dataset's forecast vote curve: mean forecast maj@k over problems at each k of <paramref name="ks"/>, from
    /// the first <paramref name="seen"/> samples of every problem, with bootstrap intervals over problems. Problem i
    /// draws from stream i of the Monte Carlo seed, as in <see cref="MajorityAtK.Curve"/>.
    /// </summary>
    public static IReadOnlyList<CurvePoint> Curve(
        IReadOnlyList<ProblemSamples> problems, int seen, IReadOnlyList<int> ks, MajorityOptions? options = null, BootstrapOptions? bootstrap = null)
    {
        PassAtK.CheckCurve(problems, seen);
        CheckBudgets(ks);
        options ??= MajorityOptions.Default;
        options.Validate();
        var perProblem = problems
            .Select((p, i) => (IReadOnlyList<double>)MonteCarlo(Posterior.Of(p, seen), ks, options.Draws, new Random((int)Seeds.Derive((ulong)options.Seed, i))))
            .ToArray();
        // MeanCurve numbers its points 1, 2, …; they stand for the budgets asked for.
        return CurveBootstrap.MeanCurve(perProblem, bootstrap ?? BootstrapOptions.Default)
            .Select((point, j) => point with { K = ks[j] })
            .ToList();
    }

    private static void CheckBudgets(IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(ks);
        if (ks.Count == 0) throw new ArgumentException("at least one budget k is needed", nameof(ks));
        for (var j = 0; j < ks.Count; j++)
        {
            if (ks[j] < 1) throw new ArgumentOutOfRangeException(nameof(ks), ks[j], "every k must be >= 1");
            if (j > 0 && ks[j] <= ks[j - 1]) throw new ArgumentException($"budgets must be strictly ascending; {ks[j]} follows {ks[j - 1]}", nameof(ks));
        }
    }

    /// <summary>
    /// Each draw: shares from the posterior, then max(ks) fresh samples one at a time, the vote's right share read
    /// off at every k of <paramref name="ks"/> (a sequence's prefixes are fresh samples of every size).
    /// </summary>
    private static double[] MonteCarlo(Posterior posterior, IReadOnlyList<int> ks, int draws, Random rng)
    {
        var groups = posterior.Counts.Length;      // seen answers: categories 0..groups-1
        var (blank, unseen) = (groups, groups + 1); // then no answer, then answers not seen yet
        var cumulative = new double[groups + 2];
        var votes = new int[groups];
        var sums = new double[ks.Count];
        var maxK = ks[^1];
        for (var draw = 0; draw < draws; draw++)
        {
            var total = 0.0;
            for (var g = 0; g < groups; g++) cumulative[g] = total += Gamma(posterior.Counts[g], rng);
            cumulative[blank] = total += posterior.Blank > 0 ? Gamma(posterior.Blank, rng) : 0;
            cumulative[unseen] = total += Gamma(UnseenConcentration, rng);

            Array.Clear(votes);
            int top = 0, tied = 0, tiedRight = 0, next = 0;
            for (var k = 1; k <= maxK; k++)
            {
                var category = Category(cumulative, rng.NextDouble() * total);
                if (category < groups)
                {
                    var v = ++votes[category];
                    var right = posterior.Right[category] ? 1 : 0;
                    if (v > top) (top, tied, tiedRight) = (v, 1, right);
                    else if (v == top) (tied, tiedRight) = (tied + 1, tiedRight + right);
                }
                else if (category == unseen)
                {
                    // A wrong answer of its own: one vote, ever.
                    if (top < 1) (top, tied, tiedRight) = (1, 1, 0);
                    else if (top == 1) tied++;
                }
                if (k != ks[next]) continue;
                if (top > 0) sums[next] += (double)tiedRight / tied;
                next++;
            }
        }
        for (var j = 0; j < sums.Length; j++) sums[j] /= draws;
        return sums;
    }

    /// <summary>The first category whose cumulative weight exceeds <paramref name="u"/> (binary search).</summary>
    private static int Category(double[] cumulative, double u)
    {
        int low = 0, high = cumulative.Length - 1;
        while (low < high)
        {
            var middle = (low + high) >> 1;
            if (cumulative[middle] > u) high = middle; else low = middle + 1;
        }
        return low;
    }

    private static double Gamma(double shape, Random rng) => MathNet.Numerics.Distributions.Gamma.Sample(rng, shape, 1.0);

    /// <summary>The Dirichlet posterior's counts: per seen answer (with its grade), and the samples without one.</summary>
    private sealed record Posterior(int[] Counts, bool[] Right, int Blank)
    {
        public static Posterior Of(ProblemSamples problem, int seen)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var counts = new List<int>();
            var right = new List<bool>();
            var blank = 0;
            for (var i = 0; i < seen; i++)
            {
                if (problem.Answers[i] is not { } answer) { blank++; continue; }
                if (!index.TryGetValue(answer, out var g))
                {
                    index[answer] = g = counts.Count;
                    counts.Add(0);
                    right.Add(problem.Correct[i]);
                }
                counts[g]++;
            }
            return new Posterior([.. counts], [.. right], blank);
        }
    }
}
