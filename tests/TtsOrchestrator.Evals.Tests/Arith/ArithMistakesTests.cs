using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Evals.Arith;

namespace TtsOrchestrator.Evals.Tests.Arith;

public class ArithMistakesTests
{
    [Fact]
    public void A_wrong_solution_has_exactly_one_bad_step_and_keeps_the_format()
    {
        var random = new Random(3);
        foreach (var problem in ArithSplits.Test.Take(300))
        {
            var wrong = ArithMistakes.WrongSolution(problem, random);
            var verdicts = StepChecker.Check(problem, wrong);
            Assert.Equal(problem.Level, verdicts.Count);
            // The first error is the slip; later steps are right on the slipped values but not on the problem.
            var first = verdicts.ToList().FindIndex(v => !v.IsCorrect);
            Assert.True(first >= 0, $"{problem.Expression}: {wrong}");
            Assert.All(verdicts.Take(first), v => Assert.True(v.IsCorrect));
            Assert.Matches(@"\n#### -?\d+$", "\n" + wrong);
        }
    }

    [Fact]
    public void Slips_are_mostly_arithmetic_and_sometimes_out_of_order_or_miscopied_and_usually_change_the_answer()
    {
        var random = new Random(4);
        var errors = new List<StepError>();
        var changed = 0;
        var problems = ArithSplits.Test.Where(p => p.Level >= 3).Take(300).ToList();
        foreach (var problem in problems)
        {
            var wrong = ArithMistakes.WrongSolution(problem, random);
            errors.Add(StepChecker.Check(problem, wrong).First(v => !v.IsCorrect).Error);
            changed += FinalAnswerFormat.Instance.ExtractAnswer(wrong) != problem.Answer ? 1 : 0;
        }
        Assert.Contains(StepError.WrongResult, errors);
        Assert.Contains(StepError.WrongOrder, errors);
        Assert.Contains(StepError.WrongRemainder, errors);
        Assert.True(errors.Count(e => e == StepError.WrongResult) > errors.Count / 2);
        Assert.True(changed > problems.Count * 0.8, $"{changed} of {problems.Count} wrong answers");
    }

    [Fact]
    public void The_same_seed_gives_the_same_mistakes() =>
        Assert.Equal(
            ArithSplits.Test.Take(50).Select(p => ArithMistakes.WrongSolution(p, new Random(9))),
            ArithSplits.Test.Take(50).Select(p => ArithMistakes.WrongSolution(p, new Random(9))));

    [Theory]
    [InlineData("17+25*3-4", "What is 17+25*3-4?")]
    [InlineData(" 17 + 25 * 3 - 4 ", "What is 17+25*3-4?")]
    [InlineData("What is 2+2?", "What is 2+2?")]
    [InlineData("12", "12")]
    [InlineData("2+", "2+")]
    [InlineData("How many legs has a spider?", "How many legs has a spider?")]
    public void A_bare_expression_is_asked_in_the_tasks_words(string text, string question) =>
        Assert.Equal(question, ArithTask.AsQuestion(text));
}
