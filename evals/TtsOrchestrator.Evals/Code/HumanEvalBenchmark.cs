using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// HumanEval (164 hand-written Python functions). The model sees the signature and docstring and may answer with
/// the whole function or only its body (<see cref="CodeExtraction.ForHumanEval"/>); an answer is right when the
/// record's hidden tests pass on it in the sandbox.
/// </summary>
public static class HumanEvalBenchmark
{
    public const string TestFile = "humaneval.jsonl";

    public const string Instruction =
        "Complete the following Python function. Reply with the whole function (imports included) in one ```python code block.";

    public static IReadOnlyList<HumanEvalTask> LoadTasks(string? dataDir, int? limit = null)
    {
        var path = DataDirectory.Locate(TestFile, dataDir);
        var tasks = new List<HumanEvalTask>();
        foreach (var (line, record) in JsonlReader.Read(path))
        {
            tasks.Add(new HumanEvalTask(
                record.RequireString("task_id", path, line),
                record.RequireString("prompt", path, line),
                record.RequireString("entry_point", path, line),
                record.RequireString("canonical_solution", path, line),
                record.RequireString("test", path, line)));
            if (tasks.Count == limit) break;
        }
        return tasks;
    }

    /// <summary>The benchmark's items, graded by <paramref name="grader"/> (<see cref="CodeGrader.Shared"/> when null).</summary>
    public static IReadOnlyList<BenchmarkItem> Load(string? dataDir, int? limit = null, CodeGrader? grader = null)
    {
        grader ??= CodeGrader.Shared;
        return LoadTasks(dataDir, limit).Select(t => ToItem(t, grader)).ToList();
    }

    public static BenchmarkItem ToItem(HumanEvalTask task, CodeGrader grader)
    {
        string? Candidate(string? answer) => CodeExtraction.ForHumanEval(answer, task.Prompt, task.EntryPoint);
        return new BenchmarkItem(new Problem
        {
            Id = task.TaskId,
            Question = task.Prompt,
            Prompt = Prompt.FromQuestion($"{Instruction}\n\n```python\n{task.Prompt}```"),
            AnswerFormat = new CodeAnswerFormat(c => Candidate(c)),
        }, task.Prompt + task.CanonicalSolution)
        {
            Grader = new CodeTestGrader(grader, Candidate, task.TestProgram),
        };
    }
}
