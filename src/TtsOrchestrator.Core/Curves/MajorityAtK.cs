using MathNet.Numerics;
using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// maj@k: the chance that a plurality vote over k of a problem's n samples, drawn without replacement,
/// picks a correct answer. Equal non-null answers vote together; a tie is broken uniformly at random
/// among the tied answers; k draws without any answer count as wrong. Exact by enumerating vote
/// profiles when there are few (<see cref="MajorityOptions.ExactLimit"/>), else seeded Monte Carlo.
/// </summary>
public static class MajorityAtK
{
    /// <summary>maj@k of one problem (1 &lt;= k &lt;= n).</summary>
    public static double Estimate(ProblemSamples problem, int k, MajorityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (k < 1 || k > problem.N) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..n = {problem.N} (problem {problem.Id})");
        options ??= MajorityOptions.Default;
        options.Validate();
        return Estimates(problem, k, options, options.Seed, onlyLast: true)[k - 1];
    }

    /// <summary>maj@k of one problem for k = 1..<paramref name="maxK"/> (element k-1).</summary>
    public static IReadOnlyList<double> Estimates(ProblemSamples problem, int maxK, MajorityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        PassAtK.CheckCurve([problem], maxK);
        options ??= MajorityOptions.Default;
        options.Validate();
        return Estimates(problem, maxK, options, options.Seed, onlyLast: false);
    }

    /// <summary>
    /// The dataset's vote curve: mean maj@k over problems for k = 1..<paramref name="maxK"/>, with
    /// bootstrap intervals over problems. Problem i draws from stream i of the Monte Carlo seed, so a
    /// curve is reproducible for the same problems in the same order.
    /// </summary>
    public static IReadOnlyList<CurvePoint> Curve(
        IReadOnlyList<ProblemSamples> problems, int maxK, MajorityOptions? options = null, BootstrapOptions? bootstrap = null)
    {
        PassAtK.CheckCurve(problems, maxK);
        options ??= MajorityOptions.Default;
        options.Validate();
        var perProblem = problems
            .Select((p, i) => Estimates(p, maxK, options, (int)Seeds.Derive((ulong)options.Seed, i), onlyLast: false))
            .ToArray();
        return CurveBootstrap.MeanCurve(perProblem, bootstrap ?? BootstrapOptions.Default);
    }

    /// <summary>maj@k exactly, or null when the problem has more than <paramref name="limit"/> vote profiles at k.</summary>
    internal static double? Exact(ProblemSamples problem, int k, int limit) => Exact(Groups.Of(problem), k, limit);

    private static double[] Estimates(ProblemSamples problem, int maxK, MajorityOptions options, int seed, bool onlyLast)
    {
        var groups = Groups.Of(problem);
        var result = new double[maxK];
        var needMonteCarlo = new List<int>();
        for (var k = onlyLast ? maxK : 1; k <= maxK; k++)
        {
            if (Exact(groups, k, options.ExactLimit) is { } exact) result[k - 1] = exact;
            else needMonteCarlo.Add(k);
        }
        if (needMonteCarlo.Count > 0)
        {
            var sampled = MonteCarlo(groups, needMonteCarlo[^1], options.Draws, new Random(seed));
            foreach (var k in needMonteCarlo) result[k - 1] = sampled[k - 1];
        }
        return result;
    }

    /// <summary>
    /// Sums P(profile)·P(correct | profile) over every way of splitting k draws among the answer
    /// groups (the no-answer group first, as it never votes). P(profile) is multivariate
    /// hypergeometric, prod C(m_g, x_g) / C(n, k), in logs. Iterative depth-first search: bounds keep
    /// every branch completable, so the work is at most groups × profiles.
    /// </summary>
    private static double? Exact(Groups groups, int k, int limit)
    {
        var sizes = groups.Sizes;
        var g = sizes.Length;
        var suffix = new int[g + 1];
        for (var i = g - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + sizes[i];
        var lnAll = SpecialFunctions.BinomialLn(suffix[0], k);

        var x = new int[g];
        var used = new int[g + 1];
        var lnWeight = new double[g + 1];
        var top = new int[g + 1];      // most votes so far
        var tied = new int[g + 1];     // answers holding that many
        var tiedRight = new int[g + 1]; // ... of which correct
        long profiles = 0;
        var total = 0.0;

        var d = 0;
        x[0] = Lowest(0) - 1;
        while (d >= 0)
        {
            if (++x[d] > Math.Min(sizes[d], k - used[d])) { d--; continue; }
            var votes = x[d];
            used[d + 1] = used[d] + votes;
            lnWeight[d + 1] = lnWeight[d] + SpecialFunctions.BinomialLn(sizes[d], votes);
            (top[d + 1], tied[d + 1], tiedRight[d + 1]) = (top[d], tied[d], tiedRight[d]);
            if (groups.Votes[d] && votes > 0)
            {
                var right = groups.Right[d] ? 1 : 0;
                if (votes > top[d]) (top[d + 1], tied[d + 1], tiedRight[d + 1]) = (votes, 1, right);
                else if (votes == top[d]) (tied[d + 1], tiedRight[d + 1]) = (tied[d] + 1, tiedRight[d] + right);
            }
            if (d + 1 < g)
            {
                d++;
                x[d] = Lowest(d) - 1;
                continue;
            }
            if (++profiles > limit) return null;
            if (top[g] > 0) total += Math.Exp(lnWeight[g] - lnAll) * tiedRight[g] / tied[g];
        }
        return Math.Clamp(total, 0, 1);

        int Lowest(int depth) => Math.Max(0, k - used[depth] - suffix[depth + 1]);
    }

    /// <summary>
    /// Mean over draws of P(correct | the first k of a random permutation), for every k up to maxK at
    /// once (a permutation's prefixes are uniform k-subsets). Ties add the correct share of the tied
    /// answers instead of flipping a coin, which has the same mean and less noise.
    /// </summary>
    private static double[] MonteCarlo(Groups groups, int maxK, int draws, Random rng)
    {
        var n = groups.OfSample.Length;
        var order = Enumerable.Range(0, n).ToArray();
        var counts = new int[groups.Sizes.Length];
        var sums = new double[maxK];
        for (var draw = 0; draw < draws; draw++)
        {
            Array.Clear(counts);
            int top = 0, tied = 0, tiedRight = 0;
            for (var k = 1; k <= maxK; k++)
            {
                var j = rng.Next(k - 1, n);
                (order[k - 1], order[j]) = (order[j], order[k - 1]);
                var group = groups.OfSample[order[k - 1]];
                if (groups.Votes[group])
                {
                    var votes = ++counts[group];
                    var right = groups.Right[group] ? 1 : 0;
                    if (votes > top) (top, tied, tiedRight) = (votes, 1, right);
                    else if (votes == top) (tied, tiedRight) = (tied + 1, tiedRight + right);
                }
                if (top > 0) sums[k - 1] += (double)tiedRight / tied;
            }
        }
        for (var k = 0; k < maxK; k++) sums[k] /= draws;
        return sums;
    }

    /// <summary>A problem's samples grouped by answer: group sizes, whether each votes and is correct.</summary>
    private sealed record Groups(int[] Sizes, bool[] Votes, bool[] Right, int[] OfSample)
    {
        public static Groups Of(ProblemSamples p)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var sizes = new List<int> { 0 };
            var votes = new List<bool> { false };
            var right = new List<bool> { false };
            var ofSample = new int[p.N];
            for (var i = 0; i < p.N; i++)
            {
                if (p.Answers[i] is not { } a) { sizes[0]++; continue; }
                if (!index.TryGetValue(a, out var g))
                {
                    index[a] = g = sizes.Count;
                    sizes.Add(0);
                    votes.Add(true);
                    right.Add(p.Correct[i]);
                }
                sizes[g]++;
                ofSample[i] = g;
            }
            return new Groups([.. sizes], [.. votes], [.. right], ofSample);
        }
    }
}
