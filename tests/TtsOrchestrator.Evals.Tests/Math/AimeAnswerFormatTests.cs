using TtsOrchestrator.Evals.MathTasks;

namespace TtsOrchestrator.Evals.Tests.MathTasks;

public class AimeAnswerFormatTests
{
    private readonly AimeAnswerFormat _format = AimeAnswerFormat.Instance;

    [Theory]
    [InlineData("007", "7", true)]
    [InlineData("25", "025", true)]
    [InlineData(@"\boxed{025}", "25", true)]
    [InlineData("$73$", "073", true)]
    [InlineData("m + n = 25", "025", true)]
    [InlineData("25.0", "025", true)]
    [InlineData("0", "000", true)]
    [InlineData("26", "025", false)]
    [InlineData("250", "025", false)]
    [InlineData("2.5", "025", false)]
    [InlineData("-25", "025", false)]
    public void Compares_as_integers(string model, string gold, bool equal)
    {
        Assert.Equal(equal, _format.AreEquivalent(model, gold));
        Assert.Equal(equal, _format.AreEquivalent(gold, model));
    }

    [Theory]
    [InlineData("So $m+n = \\boxed{073}$.", "073")]
    [InlineData("Therefore the answer is 204.", "204")]
    [InlineData("Adding up, we get\nm + n = 116", "116")]
    [InlineData("no digits here", null)]
    public void Extracts_from_a_box_or_the_final_line(string solution, string? expected) => Assert.Equal(expected, _format.ExtractAnswer(solution));

    [Theory]
    [InlineData("999", true, 999)]
    [InlineData("000", true, 0)]
    [InlineData("1000", false, -1)]
    [InlineData("-1", false, -1)]
    [InlineData("x", false, -1)]
    public void Valid_answers_are_0_to_999(string answer, bool valid, int value)
    {
        Assert.Equal(valid, AimeAnswerFormat.TryParse(answer, out var v));
        Assert.Equal(value, v);
    }

    [Fact]
    public void Answers_that_are_not_integers_still_group_for_votes() => Assert.True(_format.AreEquivalent("1000", "1,000"));
}
