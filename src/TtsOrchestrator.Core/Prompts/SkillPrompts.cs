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
    /// (<c>92-12=80</c>), then the verdict on its own line. Each piece is a skill the small model already has
    /// (redo a step, copy a number, subtract), and the verdict becomes a local question — is the number just written
    /// zero? Judging inside one token, the 3.6M model's P(+) ignored the step's result entirely; comparing its redone
    /// line with the given one, it learned little more. The subtraction line is left out when either result is not
    /// an integer (a malformed step).
    /// </summary>
    public static string VerifyStepAnswer(string expectedStep, string givenStep, bool correct)
    {
        var verdict = correct ? StepCorrect : StepWrong;
        return Result(givenStep) is { } given && Result(expectedStep) is { } expected
            ? $"{expectedStep}\n{given}-{expected}={given - expected}\n{verdict}"
            : $"{expectedStep}\n{verdict}";
    }

    /// <summary>The integer after a step's last '=' (up to the bracketed expression left after it, if any), or null.</summary>
    private static System.Numerics.BigInteger? Result(string step)
    {
        var at = step.LastIndexOf('=');
        if (at < 0) return null;
        var result = step.AsSpan(at + 1);
        if (result.IndexOf('[') is var bracket and >= 0) result = result[..bracket];
        return System.Numerics.BigInteger.TryParse(result.Trim(), System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
    }

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

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<==-?\d+) \[[-+*\d]+\](?=\n|$)", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex TrailingRemainder();
}
