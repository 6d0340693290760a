using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Evals.Arith;

namespace TtsOrchestrator.Evals.Tests.Arith;

public class ArithTaskTests
{
    private static readonly ArithProblem Example = ArithProblem.Create("arith/3/0", "17+25*3-4");

    [Fact]
    public void The_problem_asks_the_question_and_tags_the_level()
    {
        var problem = ArithTask.ToProblem(Example);
        Assert.Equal("arith/3/0", problem.Id);
        Assert.Equal("3", problem.Difficulty);
        Assert.Equal("What is 17+25*3-4?", problem.Question);
        Assert.Equal([PromptMessage.User("What is 17+25*3-4?")], problem.Prompt.Messages);
        Assert.Same(FinalAnswerFormat.Instance, problem.AnswerFormat);
    }

    [Fact]
    public void The_training_chat_is_question_then_worked_solution()
    {
        Assert.Equal(
            [PromptMessage.User("What is 17+25*3-4?"), PromptMessage.Assistant("25*3=75 [17+75-4]\n17+75=92 [92-4]\n92-4=88\n#### 88")],
            ArithTask.ToChat(Example));
    }

    [Fact]
    public void The_answer_format_reads_the_gold_from_every_worked_solution()
    {
        foreach (var problem in ArithSplits.Test.Append(ArithProblem.Create("x", "10-20+5")))
        {
            var item = ArithTask.ToBenchmarkItem(problem);
            var extracted = item.Problem.AnswerFormat.ExtractAnswer(problem.Solution);
            Assert.Equal(problem.Answer, extracted);
            Assert.True(item.IsCorrect(extracted));
        }
    }

    [Fact]
    public void Grading_rejects_a_wrong_answer()
    {
        var item = ArithTask.ToBenchmarkItem(Example);
        Assert.Equal("88", item.Gold);
        Assert.True(item.IsCorrect("88.0"));
        Assert.False(item.IsCorrect("87"));
        Assert.False(item.IsCorrect(null));
    }

    [Fact]
    public void The_benchmark_is_the_test_split()
    {
        Assert.Equal(ArithSplits.Test.Select(p => p.Id), ArithTask.Load().Select(i => i.Problem.Id));
        Assert.Equal(["1", "2", "3", "4", "5", "6", "1", "2", "3", "4"], ArithTask.Load(limit: 10).Select(i => i.Problem.Difficulty));
    }
}
