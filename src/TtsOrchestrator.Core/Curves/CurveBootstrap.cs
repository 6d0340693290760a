using MathNet.Numerics.Statistics;

namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// The one bootstrap behind every curve interval here: resample problems with replacement from a seeded
/// stream and take percentile intervals. A resample is given as each problem's multiplicity, which is
/// all a mean or a grouped likelihood needs.
/// </summary>
public static class CurveBootstrap
{
    /// <summary>
    /// <see cref="BootstrapOptions.Resamples"/> resamples of <paramref name="problemCount"/> problems:
    /// element i of each array is how often problem i was drawn (the elements sum to the count).
    /// </summary>
    public static IEnumerable<int[]> Resamples(int problemCount, BootstrapOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(problemCount, 1);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Iterate(problemCount, options);

        static IEnumerable<int[]> Iterate(int count, BootstrapOptions options)
        {
            var rng = new Random(options.Seed);
            for (var r = 0; r < options.Resamples; r++)
            {
                var weights = new int[count];
                for (var i = 0; i < count; i++) weights[rng.Next(count)]++;
                yield return weights;
            }
        }
    }

    /// <summary>
    /// Percentile interval of the replicates at central coverage <paramref name="level"/> (R-7
    /// interpolation); NaN replicates (failed refits) are left out; (NaN, NaN) when none is left.
    /// </summary>
    public static (double Low, double High) Interval(IEnumerable<double> replicates, double level)
    {
        ArgumentNullException.ThrowIfNull(replicates);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "level must be in (0, 1)");
        var values = replicates.Where(v => !double.IsNaN(v)).ToArray();
        if (values.Length == 0) return (double.NaN, double.NaN);
        Array.Sort(values);
        var tail = (1 - level) / 2;
        return (SortedArrayStatistics.QuantileCustom(values, tail, QuantileDefinition.R7),
                SortedArrayStatistics.QuantileCustom(values, 1 - tail, QuantileDefinition.R7));
    }

    /// <summary>
    /// The mean over problems of a per-problem curve (<paramref name="perProblem"/>[problem][k-1]) with
    /// its bootstrap interval at every k.
    /// </summary>
    public static IReadOnlyList<CurvePoint> MeanCurve(IReadOnlyList<IReadOnlyList<double>> perProblem, BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(perProblem);
        if (perProblem.Count == 0) throw new ArgumentException("a curve needs at least one problem", nameof(perProblem));
        var width = perProblem[0].Count;
        if (perProblem.Any(row => row.Count != width)) throw new ArgumentException("every problem needs a value at every k", nameof(perProblem));

        var mean = WeightedMean(perProblem, null);
        var replicates = Resamples(perProblem.Count, options).Select(w => WeightedMean(perProblem, w)).ToList();
        return Enumerable.Range(0, width).Select(j =>
        {
            var (low, high) = Interval(replicates.Select(r => r[j]), options.Level);
            return new CurvePoint(j + 1, mean[j], low, high);
        }).ToList();
    }

    /// <summary>Column means, each problem counted <paramref name="weights"/>[i] times (once when null).</summary>
    internal static double[] WeightedMean(IReadOnlyList<IReadOnlyList<double>> perProblem, int[]? weights)
    {
        var width = perProblem[0].Count;
        var sums = new double[width];
        for (var i = 0; i < perProblem.Count; i++)
        {
            var w = weights?[i] ?? 1;
            if (w == 0) continue;
            var row = perProblem[i];
            for (var j = 0; j < width; j++) sums[j] += w * row[j];
        }
        for (var j = 0; j < width; j++) sums[j] /= perProblem.Count;
        return sums;
    }
}
