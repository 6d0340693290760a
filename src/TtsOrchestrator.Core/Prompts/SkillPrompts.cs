using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Core.Prompts;

/// <summary>
/// The chat prompts of the three skills the embedded model is trained on, shared by the trainer (which
/// writes them) and the strategies (which ask them), so the two can never drift apart:
/// solve (the question itself), verify the last step of a partial solution (the model first writes the step it
/// would take there, then <c>+</c> or <c>-</c>; the verdict's probability is read at that last token), and
/// synthesize one solution from several attempts.
/// </summary>
public static partial class SkillPrompts
{
    /// <summary>The verifier's whole answer when the last step is right.</summary>
    public const string StepCorrect = "+";

    /// <summary>The verifier's whole answer when the last step (or one before it) is wrong.</summary>
    public const string StepWrong = "-";

    public static Prompt Solve(string question) => Prompt.FromQuestion(question);

    /// <summary>Asks whether the last of <paramref name="steps"/> (a partial solution, one step per line) is right.</summary>
    public static Prompt VerifyStep(string question, IEnumerable<string> steps) =>
        Prompt.FromQuestion(VerifyStepText(question, steps));

    public static string VerifyStepText(string question, IEnumerable<string> steps) =>
        $"Check the last step.\n{question}\n{string.Join("\n", steps)}";

    /// <summary>
    /// The verifier's answer: the step it would have written at that point, then the given result minus its own
    /// (<c>92-12=80</c>), then, when both steps end with the expression left after them in brackets, each given number
    /// there minus the redone one (<c>47-47=0 26-26=0 24-25=-1</c>), then the verdict on its own line. Each piece is a
    /// skill the small model already has (redo a step, copy a number, subtract), and the verdict becomes a local
    /// question — are the numbers just written all zero? Judging inside one token, the 3.6M model's P(+) ignored the
    /// step's result entirely; with only the results compared, a miscopied bracket (a quarter of its own first
    /// errors) looked right. A line is left out when its numbers cannot be read (a malformed step); brackets of
    /// different lengths are compared up to the shorter.
    /// </summary>
    public static string VerifyStepAnswer(string expectedStep, string givenStep, bool correct)
    {
        var lines = new List<string> { expectedStep };
        if (Result(givenStep) is { } given && Result(expectedStep) is { } expected) lines.Add(Difference(given, expected));
        if (Remainder(givenStep) is { } givenRest && Remainder(expectedStep) is { } expectedRest)
            lines.Add(string.Join(" ", givenRest.Zip(expectedRest, Difference)));
        lines.Add(correct ? StepCorrect : StepWrong);
        return string.Join("\n", lines);
    }

    private static string Difference(BigInteger given, BigInteger expected) => $"{given}-{expected}={given - expected}";

    /// <summary>The integer after a step's last '=' (up to the bracketed expression left after it, if any), or null.</summary>
    private static BigInteger? Result(string step)
    {
        var at = step.LastIndexOf('=');
        if (at < 0) return null;
        var result = step.AsSpan(at + 1);
        if (result.IndexOf('[') is var bracket and >= 0) result = result[..bracket];
        return BigInteger.TryParse(result.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>The numbers of the bracketed expression a step line ends with (<c>[47+26+-3]</c> reads 47, 26, -3), or null.</summary>
    private static List<BigInteger>? Remainder(string step)
    {
        var match = BracketedExpression().Match(step);
        return match.Success
            ? [.. ExpressionNumber().Matches(match.Groups[1].Value).Select(m => BigInteger.Parse(m.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))]
            : null;
    }

    [GeneratedRegex(@"\[([-+*\d]+)\]\s*$")]
    private static partial Regex BracketedExpression();

    /// <summary>A number of an expression: digits, with a minus sign only where it follows an operator or starts the expression.</summary>
    [GeneratedRegex(@"(?<=^|[-+*])-?\d+")]
    private static partial Regex ExpressionNumber();

    /// <summary>Asks for one final solution after reading <paramref name="attempts"/> (some may be wrong).</summary>
    public static Prompt Synthesize(string question, IEnumerable<string> attempts) =>
        Prompt.FromQuestion(SynthesizeText(question, attempts));

    /// <remarks>
    /// Attempts are shown without the bracketed expression a step line ends with (<c>38-12=26 [47+26+24]</c> reads
    /// <c>38-12=26</c>): the synthesizer compares steps and answers, and the brackets would double a prompt of four
    /// long attempts past the model's context.
    /// </remarks>
    public static string SynthesizeText(string question, IEnumerable<string> attempts) =>
        $"{question}\n" + string.Concat(attempts.Select((a, i) => $"Attempt {i + 1}:\n{WithoutRemainders(a.Trim())}\n")) + "Write the correct solution.";

    private static string WithoutRemainders(string attempt) => TrailingRemainder().Replace(attempt, "");

    [GeneratedRegex(@"(?<==-?\d+) \[[-+*\d]+\](?=\n|$)", RegexOptions.Multiline)]
    private static partial Regex TrailingRemainder();
}
