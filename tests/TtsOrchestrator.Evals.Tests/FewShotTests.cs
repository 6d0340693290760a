using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Evals.Code;
using TtsOrchestrator.Evals.Tests.Code;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Evals.Tests;

public class FewShotTests
{
    private static string Data => SharedData.DatasetsDirectory;

    [Fact]
    public void Gsm8k_eight_shot_shows_the_first_train_solutions_as_earlier_turns_without_calculator_marks()
    {
        var zeroShot = Gsm8kBenchmark.Load(Data, limit: 1)[0].Problem.Prompt;
        var prompt = Gsm8kBenchmark.Load(Data, limit: 1, shots: 8)[0].Problem.Prompt;

        Assert.Equal(17, prompt.Messages.Count);
        Assert.Equal(zeroShot.Messages[^1], prompt.Messages[^1]); // the question is asked exactly as in zero-shot
        Assert.Equal(Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? PromptRole.User : PromptRole.Assistant), prompt.Messages.Take(16).Select(m => m.Role));
        Assert.StartsWith("Natalia sold clips", prompt.Messages[0].Content);
        Assert.EndsWith(Gsm8kBenchmark.Instruction, prompt.Messages[0].Content);
        Assert.Equal("Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altogether in April and May.\n#### 72", prompt.Messages[1].Content);
        Assert.DoesNotContain(prompt.Messages, m => m.Content.Contains("<<"));
    }

    [Fact]
    public void Mbpp_three_shot_answers_prompt_split_tasks_with_their_code()
    {
        var prompt = MbppBenchmark.Load(Data, limit: 1, grader: TestSandboxes.DefaultGrader, shots: 3)[0].Problem.Prompt;
        var promptTasks = MbppBenchmark.LoadPromptTasks(Data);

        Assert.Equal([2, 3, 4], promptTasks.Take(3).Select(t => t.TaskId));
        Assert.Equal(7, prompt.Messages.Count);
        Assert.StartsWith(promptTasks[0].Description, prompt.Messages[0].Content);
        Assert.Equal($"```python\n{promptTasks[0].Code.Trim()}\n```", prompt.Messages[1].Content);
        Assert.StartsWith(MbppBenchmark.LoadTasks(Data, limit: 1)[0].Description, prompt.Messages[^1].Content);
    }

    [Fact]
    public void System_messages_stay_first()
    {
        var prompt = FewShot.Prepend([new FewShotExample("q", "a")], Prompt.FromQuestion("real", systemPrompt: "be brief"));
        Assert.Equal(["be brief", "q", "a", "real"], prompt.Messages.Select(m => m.Content));
    }

    [Theory]
    [InlineData("math500")]
    [InlineData("arith")]
    [InlineData("humaneval")]
    public void Benchmarks_without_an_example_source_refuse_shots_in_one_line(string name)
    {
        var e = Assert.Throws<UserInputException>(() => Benchmarks.Load(name, Data, limit: 1, shots: 4));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("--shots applies to gsm8k and mbpp", e.Message);
        Assert.Contains($"'{name}' is asked zero-shot", e.Message);
    }

    [Fact]
    public void Asking_for_more_examples_than_the_split_has_names_the_limit()
    {
        var e = Assert.Throws<UserInputException>(() => Benchmarks.Load("mbpp", Data, limit: 1, shots: 8));
        Assert.Contains("--shots 8", e.Message);
        Assert.Contains("has only 7 examples", e.Message);
    }
}
