using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// MATH-500 (the PRM800K test split of Hendrycks' MATH: 500 problems, 7 subjects, levels 1-5). The gold
/// is the record's <c>answer</c> (the last box of its solution); the level becomes the problem's difficulty.
/// </summary>
public static class Math500Benchmark
{
    public const string TestFile = "math500_test.jsonl";

    public static IReadOnlyList<BenchmarkItem> Load(string? dataDir, int? limit = null)
    {
        var path = DataDirectory.Locate(TestFile, dataDir);
        var items = new List<BenchmarkItem>();
        foreach (var (line, record) in JsonlReader.Read(path))
        {
            var problem = MathDataset.RequireText(record, "problem", path, line);
            var answer = MathDataset.RequireText(record, "answer", path, line);
            var id = MathDataset.RequireText(record, "unique_id", path, line);
            var level = MathDataset.RequireInteger(record, "level", path, line);
            if (level is < 1 or > 5) throw new UserInputException($"{path}:{line}: field 'level' is {level}, not 1-5");
            items.Add(MathDataset.Item($"math500/{id}", problem, answer, MathAnswerFormat.Instance, level.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (items.Count == limit) break;
        }
        return items;
    }
}
