using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals;

/// <summary>
/// GSM8K (grade-school math, 1319 test problems). The gold answer is the text after the solution's
/// last "#### ", commas removed; the model is asked to end with the same line so one extraction serves both.
/// </summary>
public static class Gsm8kBenchmark
{
    public const string TestFile = "gsm8k_test.jsonl";

    public const string Instruction =
        "Solve the problem step by step. End with a line of the form \"#### <number>\" that gives the final answer.";

    public static IReadOnlyList<BenchmarkItem> Load(string? dataDir, int? limit = null)
    {
        var path = DataDirectory.Locate(TestFile, dataDir);
        var items = new List<BenchmarkItem>();
        foreach (var (line, record) in JsonlReader.Read(path))
        {
            var question = record.RequireString("question", path, line);
            var solution = record.RequireString("answer", path, line);
            var gold = FinalAnswerFormat.Instance.ExtractAnswer(solution)?.Replace(",", "")
                       ?? throw new Core.UserInputException($"{path}:{line}: the answer has no '#### N' line");
            items.Add(new BenchmarkItem(new Problem
            {
                Id = $"gsm8k/{items.Count}",
                Question = question,
                Prompt = Prompt.FromQuestion($"{question}\n\n{Instruction}"),
                AnswerFormat = MathTasks.Gsm8kAnswerFormat.Instance,
            }, gold));
            if (items.Count == limit) break;
        }
        return items;
    }
}
