using System.Globalization;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// AMC 12 2023 (40 problems, A and B). Gold answers are stored as floats (<c>27.0</c>); they become
/// <c>27</c>, and the MATH format judges the model's <c>27</c>, <c>\boxed{27}</c> or <c>\frac{27}{1}</c> right.
/// </summary>
public static class Amc23Benchmark
{
    public const string TestFile = "amc23.jsonl";

    public static IReadOnlyList<BenchmarkItem> Load(string? dataDir, int? limit = null)
    {
        var path = DataDirectory.Locate(TestFile, dataDir);
        var items = new List<BenchmarkItem>();
        foreach (var (line, record) in JsonlReader.Read(path))
        {
            var id = MathDataset.RequireInteger(record, "id", path, line);
            var problem = MathDataset.RequireText(record, "problem", path, line);
            var answer = MathDataset.RequireNumber(record, "answer", path, line);
            items.Add(MathDataset.Item($"amc23/{id.ToString(CultureInfo.InvariantCulture)}", problem, GoldText(answer), MathAnswerFormat.Instance));
            if (items.Count == limit) break;
        }
        return items;
    }

    /// <summary>27.0 → "27", -1.0 → "-1", 2.5 → "2.5" (shortest round-trip text).</summary>
    public static string GoldText(double answer) =>
        answer == Math.Floor(answer) && Math.Abs(answer) < 1e15
            ? ((long)answer).ToString(CultureInfo.InvariantCulture)
            : answer.ToString("R", CultureInfo.InvariantCulture);
}
