using TtsOrchestrator.Core.Prompts;

namespace TtsOrchestrator.Core.Tests;

public class SkillPromptsTests
{
    [Theory]
    [InlineData("3*4=12", "3*4=13", false, "3*4=12\n13-12=1\n-")]
    [InlineData("6+7=13", "6+7=13", true, "6+7=13\n13-13=0\n+")]
    [InlineData("7-9=-2", "7-9=-2", true, "7-9=-2\n-2--2=0\n+")]
    [InlineData("3*4=12 [5+12]", "3*4=13 [5+13]", false, "3*4=12 [5+12]\n13-12=1\n5-5=0 13-12=1\n-")] // the brackets are not part of the result
    [InlineData("3*4=12 [5+12]", "3*4=12 [6+12]", false, "3*4=12 [5+12]\n12-12=0\n6-5=1 12-12=0\n-")] // a copying slip: only the brackets differ
    [InlineData("4-9=-5 [7*-5]", "4-9=-5 [7*-5]", true, "4-9=-5 [7*-5]\n-5--5=0\n7-7=0 -5--5=0\n+")] // a negative number in the brackets
    [InlineData("3*4=12 [5+12+1]", "3*4=12 [5+12]", false, "3*4=12 [5+12+1]\n12-12=0\n5-5=0 12-12=0\n-")] // a dropped number: compared up to the shorter
    [InlineData("3*4=12 [5+12]", "3*4=12", false, "3*4=12 [5+12]\n12-12=0\n-")] // no brackets given: results only
    [InlineData("3*4=12", "3*4=twelve", false, "3*4=12\n-")] // no integer to subtract: the verdict follows the redone step
    public void A_verify_answer_redoes_the_step_subtracts_results_and_bracketed_numbers_and_ends_with_the_verdict(string expected, string given, bool correct, string answer) =>
        Assert.Equal(answer, SkillPrompts.VerifyStepAnswer(expected, given, correct));

    [Fact]
    public void A_synthesis_prompt_shows_attempts_without_the_expression_left_after_each_step() =>
        Assert.Equal("What is 17+25*3-4?\nAttempt 1:\n25*3=75\n17+75=92\n92-4=88\n#### 88\nAttempt 2:\nx [1+2]\n#### 3\nWrite the correct solution.",
            SkillPrompts.SynthesizeText("What is 17+25*3-4?", ["25*3=75 [17+75-4]\n17+75=92 [92-4]\n92-4=88\n#### 88", "x [1+2]\n#### 3"]));
}
