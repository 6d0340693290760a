using System.Diagnostics;
using TtsOrchestrator.Core;
using TtsOrchestrator.Evals.Code;
using TtsOrchestrator.Tests.Shared;
using Xunit.Abstractions;

namespace TtsOrchestrator.Evals.Tests.Code;

/// <summary>
/// The HumanEval and MBPP loaders, and the end-to-end check that the graders accept every reference solution
/// (164 HumanEval tasks, the 257 MBPP-sanitized test-split tasks) and reject wrong ones.
/// </summary>
[Collection(SandboxCollection.Name)]
public class CodeBenchmarkTests(ITestOutputHelper output)
{
    [Fact]
    public void HumanEval_loads_all_164_tasks_with_code_prompts_and_execution_graders()
    {
        var items = HumanEvalBenchmark.Load(SharedData.DatasetsDirectory, grader: TestSandboxes.DefaultGrader);
        Assert.Equal(164, items.Count);
        Assert.Equal("HumanEval/0", items[0].Problem.Id);
        Assert.Equal(164, items.Select(i => i.Problem.Id).Distinct().Count());
        Assert.All(items, i => Assert.NotNull(i.Grader));
        Assert.Contains("def has_close_elements(", items[0].Problem.Prompt.Messages[0].Content);
        Assert.Throws<InvalidOperationException>(() => items[0].IsCorrect("x"));
    }

    [Fact]
    public void Mbpp_loads_the_257_sanitized_tasks_of_the_test_split()
    {
        var tasks = MbppBenchmark.LoadTasks(SharedData.DatasetsDirectory);
        Assert.Equal(257, tasks.Count);
        Assert.All(tasks, t => Assert.InRange(t.TaskId, 11, 510));
        Assert.Equal(11, tasks[0].TaskId);
        var item = MbppBenchmark.ToItem(tasks[0], TestSandboxes.DefaultGrader);
        Assert.Equal("mbpp/11", item.Problem.Id);
        Assert.Contains(tasks[0].TestList[0], item.Problem.Prompt.Messages[0].Content);
        Assert.DoesNotContain(tasks[0].TestList[1], item.Problem.Prompt.Messages[0].Content); // the other asserts stay hidden
        Assert.Equal(5, MbppBenchmark.LoadTasks(SharedData.DatasetsDirectory, limit: 5).Count);
    }

    [Fact]
    public void A_broken_mbpp_file_names_the_file_and_record()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(dir, MbppBenchmark.TestFile), """[{"task_id": 11, "prompt": "p", "code": "c", "test_imports": [], "test_list": "not a list"}]""");
        var e = Assert.Throws<UserInputException>(() => MbppBenchmark.LoadTasks(dir));
        Assert.Equal($"{dir}/mbpp_sanitized.json: record 1: missing list-of-strings field 'test_list'", e.Message);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Every_humaneval_canonical_solution_passes_as_a_body_continuing_the_prompt()
    {
        var tasks = HumanEvalBenchmark.LoadTasks(SharedData.DatasetsDirectory);
        var failures = await GradeAllAsync(tasks.Select(t => (t.TaskId, HumanEvalBenchmark.ToItem(t, TestSandboxes.DefaultGrader), (string?)t.CanonicalSolution)).ToList());
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Every_mbpp_test_split_reference_solution_passes()
    {
        var items = MbppBenchmark.Load(SharedData.DatasetsDirectory, grader: TestSandboxes.DefaultGrader);
        Assert.Equal(257, items.Count);
        var failures = await GradeAllAsync(items.Select(i => (i.Problem.Id, i, (string?)i.Gold)).ToList());
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Whole_functions_in_chat_answers_pass_and_wrong_ones_fail()
    {
        var tasks = HumanEvalBenchmark.LoadTasks(SharedData.DatasetsDirectory, limit: 3);
        var item = HumanEvalBenchmark.ToItem(tasks[2], TestSandboxes.DefaultGrader); // truncate_number
        var whole = $"Sure! Here it is:\n\n```python\ndef {tasks[2].EntryPoint}(number: float) -> float:\n{tasks[2].CanonicalSolution}```\n\nThis returns the decimal part.";
        Assert.True((await item.GradeAsync(whole)).Passed);
        var answer = item.Problem.AnswerFormat.ExtractAnswer(whole);
        Assert.NotNull(answer);
        Assert.True((await item.GradeAsync(answer)).Passed); // graders take the extracted answer as well as the raw completion

        var wrong = await item.GradeAsync("```python\ndef truncate_number(number):\n    return number\n```");
        Assert.False(wrong.Passed);
        Assert.StartsWith("AssertionError at line ", wrong.Reason);
        Assert.Equal("no code in the answer", (await item.GradeAsync(null)).Reason);

        var mbpp = MbppBenchmark.ToItem(MbppBenchmark.LoadTasks(SharedData.DatasetsDirectory, limit: 1)[0], TestSandboxes.DefaultGrader);
        Assert.False((await mbpp.GradeAsync("```python\ndef remove_Occ(s, ch):\n    return s\n```")).Passed);
    }

    [Fact]
    public async Task Items_compared_with_gold_grade_the_same_way_as_before()
    {
        var item = TtsOrchestrator.Evals.Arith.ArithTask.Load(limit: 1)[0];
        Assert.Null(item.Grader);
        Assert.True((await item.GradeAsync(item.Gold)).Passed);
        Assert.False((await item.GradeAsync(item.Gold + "1")).Passed);
        Assert.Equal("no answer", (await item.GradeAsync(null)).Reason);
    }

    private async Task<IReadOnlyList<string>> GradeAllAsync(IReadOnlyList<(string Id, BenchmarkItem Item, string? Answer)> cases)
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (c, ct) =>
        {
            var grade = await c.Item.GradeAsync(c.Answer, ct);
            if (!grade.Passed) failures.Add($"{c.Id}: {grade.Reason} {grade.Run?.Stderr}");
        });
        output.WriteLine($"{cases.Count} solutions graded in {watch.Elapsed.TotalSeconds:0.0} s");
        return failures.OrderBy(f => f).ToList();
    }
}
