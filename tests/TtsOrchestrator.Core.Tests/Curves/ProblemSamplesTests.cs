using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Tests.Curves;

public class ProblemSamplesTests
{
    [Fact]
    public void Counts_samples_and_correct_ones()
    {
        var p = new ProblemSamples("q1", "3", ["4", null, "4", "5"], [true, false, true, false]);
        Assert.Equal((4, 2, "3"), (p.N, p.C, p.Difficulty));
    }

    [Fact]
    public void Keeps_its_own_copy_of_the_lists()
    {
        var answers = new string?[] { "1", "2" };
        var p = new ProblemSamples("q", null, answers, [true, false]);
        answers[0] = "9";
        Assert.Equal("1", p.Answers[0]);
    }

    [Fact]
    public void Refuses_unpaired_empty_or_inconsistently_graded_samples()
    {
        var unpaired = Assert.Throws<ArgumentException>(() => new ProblemSamples("q", null, ["1", "2"], [true]));
        Assert.Equal("problem q: 2 answers but 1 correctness flags; they must pair up", unpaired.Message);
        Assert.Throws<ArgumentException>(() => new ProblemSamples("q", null, [], []));
        var mixed = Assert.Throws<ArgumentException>(() => new ProblemSamples("q", null, ["7", "7"], [true, false]));
        Assert.Contains("\"7\" are graded both correct and wrong", mixed.Message);
    }

    [Fact]
    public void Samples_without_an_answer_may_differ_in_grade() =>
        Assert.Equal(1, new ProblemSamples("q", null, [null, null], [true, false]).C);
}
