using TtsOrchestrator.Evals.MathTasks;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Evals.Tests.MathTasks;

public class Gsm8kAnswerTests
{
    [Theory]
    [InlineData("18 dollars", "18", true)]
    [InlineData("$18.00", "18", true)]
    [InlineData(@"\$18", "18", true)]
    [InlineData(@"\boxed{18}", "18", true)]
    [InlineData("**18**", "18", true)]
    [InlineData("18 dollars per day", "18", true)]
    [InlineData("18.", "18", true)]
    [InlineData("18.0", "18", true)]
    [InlineData("5 cm", "5", true)]
    [InlineData(@"5\text{ cm}", "5", true)]
    [InlineData("1,234", "1234", true)]
    [InlineData(@"1{,}234", "1234", true)]
    [InlineData("$1,234.00", "1234", true)]
    [InlineData("45%", "45", true)]
    [InlineData(@"45\%", "45", true)]
    [InlineData("-3", "-3", true)]
    [InlineData("7/2", "3.5", true)]
    [InlineData("17", "18", false)]
    [InlineData("180", "18", false)]
    [InlineData("1.8", "18", false)]
    [InlineData("-18", "18", false)]
    [InlineData("3 hours 20 minutes", "3", false)]
    public void Reads_numbers_the_way_models_write_them(string model, string gold, bool equal)
    {
        Assert.Equal(equal, Gsm8kAnswerFormat.Instance.AreEquivalent(model, gold));
        Assert.Equal(equal, Gsm8kAnswerFormat.Instance.AreEquivalent(gold, model));
    }

    [Theory]
    [InlineData("$1,234.50", "1234.5")]
    [InlineData("18 dollars", "18")]
    [InlineData("7.00", "7")]
    [InlineData("twelve", null)]
    public void Normalizes_to_a_plain_number(string answer, string? expected) => Assert.Equal(expected, Gsm8kAnswer.Normalize(answer));

    [Fact]
    public void The_gsm8k_benchmark_by_name_grades_with_units()
    {
        var item = Benchmarks.Load("gsm8k", SharedData.DatasetsDirectory, limit: 1)[0];
        Assert.Same(Gsm8kAnswerFormat.Instance, item.Problem.AnswerFormat);
        Assert.True(item.IsCorrect("18 dollars"));
        Assert.True(item.IsCorrect("$18.00"));
        Assert.False(item.IsCorrect("16 dollars"));
        Assert.Equal("18", item.Problem.AnswerFormat.ExtractAnswer("She makes 18 dollars.\n#### 18"));
    }
}
