using TtsOrchestrator.Core.Prompts;

namespace TtsOrchestrator.Core.Tests;

public class SkillPromptsTests
{
    [Theory]
    [InlineData("3*4=12", "3*4=13", false, "3*4=12\n13-12=1\n-")]
    [InlineData("6+7=13", "6+7=13", true, "6+7=13\n13-13=0\n+")]
    [InlineData("7-9=-2", "7-9=-2", true, "7-9=-2\n-2--2=0\n+")]
    [InlineData("3*4=12", "3*4=twelve", false, "3*4=12\n-")] // no integer to subtract: the verdict follows the redone step
    public void A_verify_answer_redoes_the_step_subtracts_the_results_and_ends_with_the_verdict(string expected, string given, bool correct, string answer) =>
        Assert.Equal(answer, SkillPrompts.VerifyStepAnswer(expected, given, correct));
}
