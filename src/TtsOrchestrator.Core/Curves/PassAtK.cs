namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// Coverage: the unbiased pass@k estimator of Chen et al. 2021 (the Codex paper). With n samples of
/// which c are correct, pass@k = 1 - C(n-c, k)/C(n, k), the chance that k of the n samples drawn
/// without replacement hold at least one correct one. Computed as products of factors in [0, 1], never
/// as binomials, so it is exact to rounding for n in the thousands.
/// </summary>
public static class PassAtK
{
    /// <summary>pass@k of one problem: 1 - prod_{i=n-c+1..n} (1 - k/i); k must be in 1..n.</summary>
    public static double Estimate(int n, int c, int k)
    {
        CheckCounts(n, c, k);
        if (n - c < k) return 1.0;
        var miss = 1.0;
        for (var i = n - c + 1; i <= n; i++) miss *= 1.0 - (double)k / i;
        return 1.0 - miss;
    }

    /// <summary>pass@k of one problem's samples.</summary>
    public static double Estimate(ProblemSamples problem, int k)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Estimate(problem.N, problem.C, k);
    }

    /// <summary>
    /// The dataset's coverage curve: mean pass@k over problems for k = 1..<paramref name="maxK"/>
    /// (at most the fewest samples any problem has), with bootstrap intervals over problems.
    /// </summary>
    public static IReadOnlyList<CurvePoint> Curve(IReadOnlyList<ProblemSamples> problems, int maxK, BootstrapOptions? bootstrap = null) =>
        CurveBootstrap.MeanCurve(PerProblem(problems, maxK), bootstrap ?? BootstrapOptions.Default);

    /// <summary>
    /// pass@k of each problem for k = 1..maxK ([problem][k-1]), by the recurrence
    /// C(n-c, k+1)/C(n, k+1) = C(n-c, k)/C(n, k) · (n-c-k)/(n-k): O(maxK) per problem.
    /// </summary>
    internal static double[][] PerProblem(IReadOnlyList<ProblemSamples> problems, int maxK)
    {
        CheckCurve(problems, maxK);
        return problems.Select(p =>
        {
            var row = new double[maxK];
            var miss = 1.0;
            for (var k = 1; k <= maxK; k++)
            {
                miss *= (double)(p.N - p.C - (k - 1)) / (p.N - (k - 1));
                if (miss < 0) miss = 0; // k > n - c: a correct sample is certain
                row[k - 1] = 1.0 - miss;
            }
            return row;
        }).ToArray();
    }

    /// <summary>Checks what every dataset curve needs: problems, and 1 &lt;= maxK &lt;= the fewest samples.</summary>
    internal static void CheckCurve(IReadOnlyList<ProblemSamples> problems, int maxK)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0) throw new ArgumentException("a curve needs at least one problem", nameof(problems));
        if (problems.Any(p => p is null)) throw new ArgumentException("problems must not contain null", nameof(problems));
        var fewest = problems.Min(p => p.N);
        if (maxK < 1 || maxK > fewest)
        {
            var which = problems.First(p => p.N == fewest).Id;
            throw new ArgumentOutOfRangeException(nameof(maxK), maxK, $"maxK must be in 1..{fewest} (problem {which} has {fewest} samples)");
        }
    }

    private static void CheckCounts(int n, int c, int k)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be >= 1");
        if (c < 0 || c > n) throw new ArgumentOutOfRangeException(nameof(c), c, $"c must be in 0..n = {n}");
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..n = {n}; pass@k is not estimable past the samples drawn");
    }
}
