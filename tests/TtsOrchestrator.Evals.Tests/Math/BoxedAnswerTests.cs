using TtsOrchestrator.Evals.MathTasks;

namespace TtsOrchestrator.Evals.Tests.MathTasks;

public class BoxedAnswerTests
{
    [Theory]
    [InlineData(@"So the total is $\boxed{\frac{1}{2}}$.", @"\frac{1}{2}")]
    [InlineData(@"Hence $x = \boxed{\dfrac{\sqrt{3}}{2}}$.", @"\dfrac{\sqrt{3}}{2}")]
    [InlineData(@"\boxed{\left( 3, \frac{\pi}{2} \right)}", @"\left( 3, \frac{\pi}{2} \right)")]
    [InlineData(@"First guess \boxed{4}, but that is wrong; the answer is \boxed{5}.", "5")]
    [InlineData(@"\boxed{1} then \boxed{x^{2}}", "x^{2}")]
    [InlineData(@"The final answer is $\boxed 5$.", "5")]
    [InlineData(@"\fbox{7}", "7")]
    [InlineData(@"The solutions are $\boxed{\{1\pm\sqrt{5},-2\}}$.", @"\{1\pm\sqrt{5},-2\}")]
    [InlineData(@"$\boxed{\begin{pmatrix} -1 & 0 \\ 0 & -1 \end{pmatrix}}$", @"\begin{pmatrix} -1 & 0 \\ 0 & -1 \end{pmatrix}")]
    [InlineData(@"\boxed{10\text{ cm}}", @"10\text{ cm}")]
    [InlineData(@"So we get \boxed{3}. Checking again we obtain \boxed{4", "3")]     // cut off mid-box: the last complete one
    [InlineData(@"Put your answer in \boxed{}. We find $x = 9$, so \boxed{9}.", "9")]
    [InlineData(@"I will put the result in \boxed{} once I have it.", null)]   // an empty box is no answer
    [InlineData("The answer is $\\frac{1}{2}$.", @"\frac{1}{2}")]
    [InlineData("Final Answer: The final answer is $5$. I hope it is correct.", "5")]
    [InlineData("3 + 4 = 7\n#### 7", "7")]
    [InlineData("**Answer:** 12", "12")]
    [InlineData("So the answer is 42.\nThat was easy.", "42")]
    [InlineData("The first answer is 3.\nThe final answer is 4", "4")]
    [InlineData("I could not solve it.", null)]
    [InlineData("", null)]
    public void Extracts_the_final_answer(string solution, string? expected) => Assert.Equal(expected, BoxedAnswer.Extract(solution));
}
