using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Core.Tests;

public class AnswerFormatTests
{
    private readonly FinalAnswerFormat _format = FinalAnswerFormat.Instance;

    [Theory]
    [InlineData("3 + 4 = 7\n#### 7", "7")]
    [InlineData("first #### 5\nthen\n#### 1,234", "1,234")]
    [InlineData("So the total is \\boxed{\\frac{1}{2}}.", "\\frac{1}{2}")]
    [InlineData("\\boxed{1} then \\boxed{x^{2}}", "x^{2}")]
    [InlineData("Therefore, the answer is 42.", "42")]
    [InlineData("We get 3 apples, then 5 more, so 8", "8")]
    [InlineData("It costs $12.50 in total", "12.50")]
    [InlineData("#### -3", "-3")]
    [InlineData("no numbers at all", null)]
    [InlineData("#### ", null)]
    public void Extracts_the_final_answer(string solution, string? expected) => Assert.Equal(expected, _format.ExtractAnswer(solution));

    [Theory]
    [InlineData("1/2", "0.5", true)]
    [InlineData("1,234", "1234", true)]
    [InlineData("$5", "5", true)]
    [InlineData("7.0", "7", true)]
    [InlineData("7.", "7", true)]
    [InlineData("1/3", "0.3333333", true)]
    [InlineData("-3", "3", false)]
    [InlineData("−3", "-3", true)]
    [InlineData("45%", "45", true)]
    [InlineData("0.5", "0.6", false)]
    [InlineData("Paris", "paris", true)]
    [InlineData("New York", "NewYork", true)]
    [InlineData("x+1", "x + 2", false)]
    [InlineData("1/0", "0", false)]
    public void Judges_equivalence(string a, string b, bool equal)
    {
        Assert.Equal(equal, _format.AreEquivalent(a, b));
        Assert.Equal(equal, _format.AreEquivalent(b, a));
    }
}
