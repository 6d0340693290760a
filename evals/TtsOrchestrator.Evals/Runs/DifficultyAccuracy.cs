namespace TtsOrchestrator.Evals.Runs;

/// <summary>Accuracy on the problems of one difficulty tag, with its 95% Wilson interval.</summary>
public sealed record DifficultyAccuracy(string Difficulty, int Problems, int Correct, double Accuracy, double AccuracyLow, double AccuracyHigh)
{
    /// <summary>One row per tag, in numeric order when the tags are numbers (MATH levels, arith operator counts).</summary>
    public static IReadOnlyList<DifficultyAccuracy> Of<T>(IEnumerable<T> lines, Func<T, string?> difficulty, Func<T, bool> correct) =>
        lines.Where(l => difficulty(l) is not null)
            .GroupBy(l => difficulty(l)!)
            .OrderBy(g => double.TryParse(g.Key, out var n) ? n : double.MaxValue).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var (problems, right) = (g.Count(), g.Count(correct));
                var (low, high) = WilsonInterval.Of(right, problems);
                return new DifficultyAccuracy(g.Key, problems, right, (double)right / problems, low, high);
            })
            .ToList();
}
