using System.Text.Json;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// MBPP, the hand-verified "sanitized" subset: its records in the standard test split (task ids 11-510; 257 of the
/// file's 427). The model sees the task and the first assert (which fixes the function's name and signature, as
/// in the common harnesses); an answer is right when all the task's asserts pass on it in the sandbox.
/// </summary>
public static class MbppBenchmark
{
    public const string TestFile = "mbpp_sanitized.json";
    public const int FirstTestTaskId = 11;
    public const int LastTestTaskId = 510;

    public const string Instruction = "Reply with the Python code in one ```python code block.";

    /// <summary>The test-split records; the file is one JSON array (not JSON Lines).</summary>
    public static IReadOnlyList<MbppTask> LoadTasks(string? dataDir, int? limit = null)
    {
        var tasks = AllTasks(DataDirectory.Locate(TestFile, dataDir)).Where(t => t.TaskId is >= FirstTestTaskId and <= LastTestTaskId);
        return (limit is { } n ? tasks.Take(n) : tasks).ToList();
    }

    /// <summary>The prompt-split records (task ids below the test split's), the source of few-shot examples.</summary>
    public static IReadOnlyList<MbppTask> LoadPromptTasks(string? dataDir) =>
        AllTasks(DataDirectory.Locate(TestFile, dataDir)).Where(t => t.TaskId < FirstTestTaskId).ToList();

    private static IEnumerable<MbppTask> AllTasks(string path)
    {
        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(path);
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{path}: not a JSON array of MBPP records ({e.Message})", inner: e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new UserInputException($"{path}: expected one JSON array of MBPP records");
            var index = 0;
            foreach (var record in doc.RootElement.EnumerateArray())
            {
                index++;
                var where = $"{path}: record {index}";
                if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("task_id", out var id) || !id.TryGetInt32(out var taskId))
                    throw new UserInputException($"{where}: missing integer field 'task_id'");
                yield return new MbppTask(taskId, Text(record, "prompt", where), Text(record, "code", where),
                    Strings(record, "test_imports", where), Strings(record, "test_list", where));
            }
        }
    }

    /// <summary>
    /// The benchmark's items, graded by <paramref name="grader"/> (<see cref="CodeGrader.Shared"/> when null), each
    /// asked after <paramref name="shots"/> prompt-split tasks answered with their reference code.
    /// </summary>
    public static IReadOnlyList<BenchmarkItem> Load(string? dataDir, int? limit = null, CodeGrader? grader = null, int shots = 0)
    {
        grader ??= CodeGrader.Shared;
        var examples = shots == 0 ? [] : FewShot.Take(LoadPromptTasks(dataDir).Select(t => new FewShotExample(Ask(t), $"```python\n{t.Code.Trim()}\n```")), shots, $"{TestFile}'s prompt split");
        return LoadTasks(dataDir, limit).Select(t => ToItem(t, grader, examples)).ToList();
    }

    public static BenchmarkItem ToItem(MbppTask task, CodeGrader grader, IReadOnlyList<FewShotExample>? examples = null) =>
        new(new Problem
        {
            Id = $"mbpp/{task.TaskId}",
            Question = task.Description,
            Prompt = FewShot.Prepend(examples ?? [], Prompt.FromQuestion(Ask(task))),
            AnswerFormat = CodeAnswerFormat.WholeProgram,
        }, task.Code)
        {
            Grader = new CodeTestGrader(grader, a => CodeExtraction.FromCompletion(a) is { } code ? task.Preamble + code : null, task.TestProgram),
        };

    /// <summary>The task and its first assert (which fixes the function's name and signature), then the instruction.</summary>
    private static string Ask(MbppTask task)
    {
        var example = task.TestList.Count > 0 ? $"\nYour code should pass this test:\n{task.TestList[0]}\n" : "\n";
        return $"{task.Description}{example}\n{Instruction}";
    }

    private static string Text(JsonElement record, string name, string where) =>
        record.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new UserInputException($"{where}: missing string field '{name}'");

    private static IReadOnlyList<string> Strings(JsonElement record, string name, string where) =>
        record.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
            ? v.EnumerateArray().Select(e => e.GetString()!).ToList()
            : throw new UserInputException($"{where}: missing list-of-strings field '{name}'");
}
