using TtsOrchestrator.Evals.MathTasks;

namespace TtsOrchestrator.Evals.Tests.MathTasks;

public class MathAnswerFormatTests
{
    private readonly MathAnswerFormat _format = MathAnswerFormat.Instance;

    /// <summary>(what a model boxed, the MATH gold answer): the same answer written another way.</summary>
    public static TheoryData<string, string> SameAnswer => new()
    {
        // fractions: \dfrac, \tfrac, shorthand, slash, decimal
        { @"\dfrac{1}{2}", @"\frac{1}{2}" },
        { @"\tfrac{1}{2}", @"\frac12" },
        { "0.5", @"\frac{1}{2}" },
        { "1/2", @"\frac{1}{2}" },
        { @"\frac{3}{4}", @"\frac 34" },
        { "0.75", @"\frac 34" },
        { @"\dfrac{9}{19}", @"\frac9{19}" },
        { @"\frac{14}{3}", @"\frac{14}{3}" },
        { @"\dfrac{17}{50}", "0.34" },
        { "0.33", @"\dfrac{33}{100}" },
        { @"\tfrac{3}{2}", "1.5" },
        { "-0.96", @"-\frac{24}{25}" },
        { @"\frac{-24}{25}", @"-\frac{24}{25}" },
        { @"-\dfrac{3}{8}", @"-\frac{3}{8}" },
        { "0.0000672", ".0000672" },
        { "0.35625", ".35625" },
        { "137.5", @"137 \frac{1}{2}" },
        { @"\frac{275}{2}", @"137 \frac{1}{2}" },
        { @"\frac{9}{5}", @"1\frac{4}{5}" },
        { @"\frac{1997}{2}", "998.5" },
        { @"\frac{27}{1}", "27" },
        // roots and π
        { @"\sqrt{2}", @"\sqrt2" },
        { @"11\sqrt{2}", @"11\sqrt2" },
        { @"11 \sqrt 2", @"11\sqrt2" },
        { @"2\sqrt{5}", @"\sqrt{20}" },
        { @"\frac{\sqrt{3}}{3}", @"\frac{1}{\sqrt{3}}" },
        { @"\frac{3}{4}\sqrt{3}", @"\frac{3\sqrt{3}}{4}" },
        { @"\sqrt{\frac{1}{2}}", @"\frac{\sqrt{2}}{2}" },
        { @"11+11\sqrt{5}", @"11 \sqrt{5} + 11" },
        { @"12 \pi", @"12\pi" },
        { "12π", @"12\pi" },
        { @"12\cdot\pi", @"12\pi" },
        { @"2\pi+18", @"18+2\pi" },
        { @"20000/\pi", @"\frac{20000}{\pi}" },
        { @"-\pi/6", @"-\frac{\pi}{6}" },
        { @"\frac{1}{2}\pi", @"\frac{\pi}{2}" },
        { @"\frac{\pi^2}{8}", @"\frac{1}{8}\pi^{2}" },
        { @"\sqrt[3]{27}", "3" },
        // products, powers, factorials, binomials
        { @"2 \times 3", "6" },
        { @"3\times 10^{4}", "30000" },
        { @"2^{10}", "1024" },
        { "5!", "120" },
        { @"\binom{5}{2}", "10" },
        { @"\dbinom{6}{3}", "20" },
        // units, degrees, percent, dollars
        { @"10\text{ cm}", "10" },
        { "15", @"15\mbox{ cm}^2" },
        { "864", @"864 \mbox{ inches}^2" },
        { @"864 \text{ square inches}", "864" },
        { "5.4", @"5.4 \text{ cents}" },
        { @"\dfrac{270}{7}", @"\frac{270}7\text{ degrees}" },
        { "8 inches", "8" },
        { "10cm", "10" },
        { @"5\text{ units}", "5" },
        { "90", @"90^\circ" },
        { @"90^{\circ}", @"90^\circ" },
        { "120 degrees", @"120^\circ" },
        { "106°", @"106^\circ" },
        { @"25\%", "25" },
        { "25%", "25" },
        { @"\$18.90", "18.9" },
        { "18.90.", @"\$18.90" },
        { "36", @"\$36" },
        { "32348", @"\$32,\!348" },
        { @"\$32,348", @"\$32,\!348" },
        // thousands separators
        { "10080", @"10,\!080" },
        { "10,080", @"10,\!080" },
        { @"1{,}000", "1000" },
        { "1,000", "1000" },
        { "11111111100", @"11,\! 111,\! 111,\! 100" },
        { "58500", "58,500" },
        // x = …, wrappers, delimiters, spaces
        { "x = 5", "x=5" },
        { "5", "x=5" },
        { @"\boxed{5}", "x=5" },
        { @"$\frac{1}{2}$", @"\frac{1}{2}" },
        { "-2", "x = -2" },
        { "k = 2", "2" },
        { "2x+3", "y = 2x + 3" },
        { "y=3+2x", "y = 2x + 3" },
        { "-2x", "y = -2x" },
        { "[-2, 7]", @"x \in [-2,7]" },
        { @"x \in (-\infty, 0]", @"(-\infty, 0]" },
        // tuples and intervals, element by element
        { @"\left( 3, \frac{\pi}{2} \right)", @"\left( 3, \frac{\pi}{2} \right)" },
        { @"(3, \dfrac{\pi}{2})", @"\left( 3, \frac{\pi}{2} \right)" },
        { @"\left(1.5, -13\right)", @"\left( \frac{3}{2}, -13 \right)" },
        { "(1, -16, -4, 43)", "(1,-16,-4,43)" },
        { @"\left(8, -2\right)", "(8,-2)" },
        { "(3, 4]", "(3,4]" },
        { @"[0,\infty)", @"[0, \infty)" },
        { @"\left[0, \infty\right)", @"[0,\infty)" },
        { @"[0, +\infty)", @"[0,\infty)" },
        { @"(-\sqrt3,\sqrt3)", @"(-\sqrt{3}, \sqrt{3})" },
        { @"\left(0.6, \frac{8}{3}\right]", @"\left(\frac{3}{5},\frac{8}{3}\right]" },
        { @"(\frac35, \frac83]", @"\left(\frac{3}{5},\frac{8}{3}\right]" },
        { @"(3, \infty) \cup (-\infty, 2)", @"(-\infty, 2) \cup (3, \infty)" },
        { @"(-\infty,2)\cup(3,\infty)", @"(-\infty, 2) \cup (3, \infty)" },
        // several answers, any order, only for lists without brackets (and sets)
        { "-2, 1", "1,-2" },
        { @"\{1, -2\}", "1,-2" },
        { "7, 5, 3", "3, 5, 7" },
        { @"\{3,5,7\}", "3, 5, 7" },
        { @"1+\sqrt{19}, 1-\sqrt{19}", @"1 \pm \sqrt{19}" },
        { @"3 - 2\sqrt{2}, 3 + 2\sqrt{2}", @"3 \pm 2 \sqrt{2}" },
        { @"-2, 1+\sqrt5, 1-\sqrt5", @"\{1\pm\sqrt{5},-2\}" },
        { "x=1, x=-2", "1,-2" },
        { @"1 \text{ and } -2", "1,-2" },
        { "x = -2 or x = 1", "1,-2" },
        // matrices, cell by cell
        { @"\begin{pmatrix} -\frac{1}{3} \\ \frac{2}{3} \\ \frac{5}{3} \end{pmatrix}", @"\begin{pmatrix} -1/3 \\ 2/3 \\ 5/3 \end{pmatrix}" },
        { @"\begin{pmatrix}-1&0\\0&-1\end{pmatrix}", @"\begin{pmatrix} -1 & 0 \\ 0 & -1 \end{pmatrix}" },
        { @"\begin{bmatrix} -18 \\ -49 \\ 96 \end{bmatrix}", @"\begin{pmatrix} -18 \\ -49 \\ 96 \end{pmatrix}" },
        { @"\left(\begin{matrix} 0.2 \\ -3.6 \end{matrix}\right)", @"\begin{pmatrix} 1/5 \\ -18/5 \end{pmatrix}" },
        // letters, words, bases, complex numbers, polynomials
        { @"\text{(B)}", "B" },
        { "(C)", @"\text{(C)}" },
        { @"\textbf{(E)}", @"\text{(E)}" },
        { "Evelyn", @"\text{Evelyn}" },
        { "east", @"\text{east}" },
        { @"\text{Even}", @"\text{even}" },
        { "204_{5}", "204_5" },
        { "4210_5", "4210_{5}" },
        { "6-5i", "6 - 5i" },
        { "-5i+6", "6 - 5i" },
        { "1 - 12i", "1-12i" },
        { "x^{5}-x^4+x^3-x^2+x-1", "x^5 - x^4 + x^3 - x^2 + x - 1" },
        { "1+4n+8n^2", "8n^2 + 4n + 1" },
        { "-4r-24+6r^2", "6r^2-4r-24" },
        { "-80+15x", "15x - 80" },
        { "3R^{2}", "3R^2" },
        { @"\frac{9a+11}{20}", @"\frac{11+9a}{20}" },
        { "(9a+11)/20", @"\frac{11+9a}{20}" },
        { "(b+2)(a+5)", "(a+5)(b+2)" },
        { "-q+p", "p - q" },
        { "5x-7y+11z+4=0", "5x - 7y + 11z + 4 = 0" },
        { "0 = 5x - 7y + 11z + 4", "5x - 7y + 11z + 4 = 0" },
        { @"\cot  x", @"\cot x" },
    };

    /// <summary>(what a model boxed, the gold): a different answer, however close it looks.</summary>
    public static TheoryData<string, string> DifferentAnswer => new()
    {
        { "(2,1)", "(1,2)" },
        { "(-2, 8)", "(8,-2)" },
        { "[1,2]", "(1,2)" },
        { "(1,2]", "(1,2)" },
        { "(3,4)", "(3,4]" },
        { @"(-\infty, 0)", @"(-\infty, 0]" },
        { "1.2", "12" },
        { "-2", "2" },
        { "-1", "1" },
        { @"\frac{3}{8}", @"-\frac{3}{8}" },
        { @"\frac{2}{1}", @"\frac{1}{2}" },
        { @"\frac{11}{63}", @"\frac{11}{36}" },
        { "0.333", @"\frac{1}{3}" },
        { "0.33", @"\frac{1}{3}" },
        { "1.41", @"\sqrt{2}" },
        { "998", @"\frac{1997}{2}" },
        { "11111111110", @"11,\! 111,\! 111,\! 100" },
        { "5850", "58,500" },
        { "0.0000673", ".0000672" },
        { "100", "1000" },
        { "27", "72" },
        { "9910", "9901" },
        { "(1,2)", "1,2" },
        { "1", "1,-2" },
        { "1, -2, 3", "1,-2" },
        { @"\{1,2\}", @"\{1,2,3\}" },
        { @"1 + \sqrt{19}", @"1 \pm \sqrt{19}" },
        { @"(-\infty, 2)", @"(-\infty, 2) \cup (3, \infty)" },
        { @"(-\infty, 2] \cup (3, \infty)", @"(-\infty, 2) \cup (3, \infty)" },
        { @"\begin{pmatrix} 1 & 0 \\ 0 & -1 \end{pmatrix}", @"\begin{pmatrix} -1 & 0 \\ 0 & -1 \end{pmatrix}" },
        { @"\begin{pmatrix} -18 \\ -49 \end{pmatrix}", @"\begin{pmatrix} -18 \\ -49 \\ 96 \end{pmatrix}" },
        { "(-18, -49, 96)", @"\begin{pmatrix} -18 \\ -49 \\ 96 \end{pmatrix}" },
        { @"\sqrt{3}", @"\frac{\sqrt{3}}{3}" },
        { @"16 \sqrt{2}", @"16 \sqrt{3}" },
        { @"\sqrt{2}", "2" },
        { "12", @"12\pi" },
        { @"2\pi", @"\pi" },
        { @"\frac{\pi}{3}", @"-\frac{\pi}{6}" },
        { @"60^\circ", @"\frac{\pi}{3}" },
        { @"\left( 3, \frac{\pi}{3} \right)", @"\left( 3, \frac{\pi}{2} \right)" },
        { "100", @"10\text{ cm}" },
        { "3", "x=5" },
        { "y = 2x - 3", "y = 2x + 3" },
        { "x^2", "2x" },
        { "x^3+3x+6", "x^3+3x-6" },
        { "2k+1", "2k+2" },
        // a factored answer is not its expansion, nor the other way round
        { "ab+2a+5b+10", "(a+5)(b+2)" },
        { "2(k+1)", "2k+2" },
        { "p+q", "p - q" },
        { "6+5i", "6 - 5i" },
        { "1 - 12", "1-12i" },
        { "5x - 7y + 11z - 4 = 0", "5x - 7y + 11z + 4 = 0" },
        { "204", "204_5" },
        { "204_6", "204_5" },
        { "B", @"\text{(C)}" },
        { "Navin", @"\text{Evelyn}" },
        { "odd", @"\text{even}" },
        { @"\tan x", @"\cot x" },
        { @"f \circ g", @"g \circ f" },
    };

    [Theory]
    [MemberData(nameof(SameAnswer))]
    public void Equal_answers_written_differently(string model, string gold)
    {
        Assert.True(_format.AreEquivalent(model, gold), $"{model} should equal {gold}");
        Assert.True(_format.AreEquivalent(gold, model), $"{gold} should equal {model} (symmetry)");
    }

    [Theory]
    [MemberData(nameof(DifferentAnswer))]
    public void Different_answers_stay_different(string model, string gold)
    {
        Assert.False(_format.AreEquivalent(model, gold), $"{model} should not equal {gold}");
        Assert.False(_format.AreEquivalent(gold, model), $"{gold} should not equal {model} (symmetry)");
    }

    [Fact]
    public void The_tables_hold_over_a_hundred_pairs() => Assert.True(SameAnswer.Count + DifferentAnswer.Count >= 100);

    [Theory]
    [InlineData(@"\dfrac{1}{2}", @"\frac{1}{2}")]
    [InlineData(@"\left( 3, \frac{\pi}{2} \right)", @"(3,\frac{\pi}{2})")]
    [InlineData(@"10\text{ cm}", "10")]
    [InlineData(@"90^{\circ}", "90")]
    [InlineData(@"\$32,\!348", "32348")]
    [InlineData("x = 3", "3")]
    [InlineData(@"\frac12", @"\frac{1}{2}")]
    [InlineData(@"\sqrt2", @"\sqrt{2}")]
    [InlineData(@"2 \cdot 3", "2*3")]
    [InlineData("(1, 2)", "(1,2)")]
    [InlineData(@"\cot x", @"\cot x")]
    [InlineData(@"\text{(B)}", "B")]
    [InlineData(@"2\frac{1}{2}", @"\frac{5}{2}")]
    [InlineData("5.", "5")]
    public void Normalizes_to_one_spelling(string answer, string expected) => Assert.Equal(expected, MathNormalizer.Normalize(answer));

    [Fact]
    public void Extracts_the_boxed_answer_and_grades_it()
    {
        const string solution = "First, $x^2 = 4$ so $x = \\pm 2$. Only the positive root works, hence $x = \\boxed{\\dfrac{4}{2}}$.";
        var answer = _format.ExtractAnswer(solution);
        Assert.Equal(@"\dfrac{4}{2}", answer);
        Assert.True(_format.AreEquivalent(answer!, "2"));
    }

    [Fact]
    public void Never_throws_on_garbage()
    {
        // Truncated and malformed model output must grade as "different", not crash a long eval run.
        string[] tokens = [@"\frac", @"\sqrt", "{", "}", "(", ")", "[", "]", "^", "_", ",", "=", "-", "+", "/", "*", "!", ".",
            "1", "2", "0", "x", "i", @"\pi", @"\infty", @"\cup", @"\pm", @"\{", @"\}", @"\left(", @"\right]", @"\text{", " cm",
            @"\boxed{", @"\begin{pmatrix}", @"\\", "&", @"\end{pmatrix}", "$", @"\%", "^\\circ", @"\binom", "99999", @"\sqrt[", " "];
        var random = new Random(7);
        string Garbage() => string.Concat(Enumerable.Range(0, random.Next(1, 24)).Select(_ => tokens[random.Next(tokens.Length)]));
        for (var i = 0; i < 3000; i++)
        {
            var (a, b) = (Garbage(), Garbage());
            _format.AreEquivalent(a, b);
            _format.ExtractAnswer(a + b);
            AimeAnswerFormat.Instance.AreEquivalent(a, b);
            Gsm8kAnswerFormat.Instance.AreEquivalent(a, b);
        }
        Assert.False(_format.AreEquivalent(@"10^{100000}", "1"));
        Assert.False(_format.AreEquivalent(new string('(', 5000) + "1" + new string(')', 5000), "2"));
        Assert.True(_format.AreEquivalent(new string('{', 800) + "1" + new string('}', 800), new string('{', 800) + "1" + new string('}', 800)));
    }

    [Fact]
    public void Empty_answers_match_nothing_but_themselves()
    {
        Assert.False(_format.AreEquivalent("", "0"));
        Assert.False(_format.AreEquivalent("  ", "x"));
    }
}
