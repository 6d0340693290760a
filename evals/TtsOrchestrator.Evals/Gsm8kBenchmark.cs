using System.Text.RegularExpressions;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals;

/// <summary>
/// GSM8K (grade-school math, 1319 test problems). The gold answer is the text after the solution's
/// last "#### ", commas removed; the model is asked to end with the same line so one extraction serves both.
/// Few-shot examples are the first records of the train split, their calculator marks (<c>&lt;&lt;48/2=24&gt;&gt;</c>) removed.
/// </summary>
public static partial class Gsm8kBenchmark
{
    public const string TestFile = "gsm8k_test.jsonl";
    public const string TrainFile = "gsm8k_train.jsonl";

    public const string Instruction =
        "Solve the problem step by step. End with a line of the form \"#### <number>\" that gives the final answer.";

    public static IReadOnlyList<BenchmarkItem> Load(string? dataDir, int? limit = null, int shots = 0)
    {
        var examples = shots == 0 ? [] : FewShot.Take(Examples(dataDir), shots, TrainFile);
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
                Prompt = FewShot.Prepend(examples, Prompt.FromQuestion(Ask(question))),
                AnswerFormat = MathTasks.Gsm8kAnswerFormat.Instance,
            }, gold));
            if (items.Count == limit) break;
        }
        return items;
    }

    private static string Ask(string question) => $"{question}\n\n{Instruction}";

    /// <summary>The train split's records in file order, as worked examples.</summary>
    private static IEnumerable<FewShotExample> Examples(string? dataDir)
    {
        var path = DataDirectory.Locate(TrainFile, dataDir);
        foreach (var (line, record) in JsonlReader.Read(path))
            yield return new FewShotExample(Ask(record.RequireString("question", path, line)), CalculatorMark().Replace(record.RequireString("answer", path, line), ""));
    }

    [GeneratedRegex("<<[^>]*>>")]
    private static partial Regex CalculatorMark();
}
