using System.Globalization;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>AIME 2024 (I and II, 30 problems). Gold answers are integers 0-999 stored as strings such as "025"
/// and kept as written; <see cref="AimeAnswerFormat"/> compares them as integers.</summary>
public static class Aime24Benchmark
{
    public const string TestFile = "aime24.jsonl";

    public static IReadOnlyList<BenchmarkItem> Load(string? dataDir, int? limit = null)
    {
        var path = DataDirectory.Locate(TestFile, dataDir);
        var items = new List<BenchmarkItem>();
        foreach (var (line, record) in JsonlReader.Read(path))
        {
            var id = MathDataset.RequireInteger(record, "id", path, line);
            var problem = MathDataset.RequireText(record, "problem", path, line);
            var answer = MathDataset.RequireText(record, "answer", path, line);
            if (!AimeAnswerFormat.TryParse(answer, out _))
                throw new UserInputException($"{path}:{line}: answer '{answer}' is not an AIME answer (an integer 0-999)");
            items.Add(MathDataset.Item($"aime24/{id.ToString(CultureInfo.InvariantCulture)}", problem, answer, AimeAnswerFormat.Instance));
            if (items.Count == limit) break;
        }
        return items;
    }
}
