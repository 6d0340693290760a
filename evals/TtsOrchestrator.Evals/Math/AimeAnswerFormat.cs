using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// AIME answers are integers from 0 to 999, often written with leading zeros (<c>025</c>). The answer is
/// the last <c>\boxed{}</c> (or "the answer is"/<c>####</c> line), else the last integer on the final line;
/// two answers are equal as integers, so <c>007</c> = <c>7</c> = <c>\boxed{7}</c> = <c>m+n=7</c>.
/// </summary>
public sealed partial class AimeAnswerFormat : IAnswerFormat
{
    public static AimeAnswerFormat Instance { get; } = new();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Integer();

    public string? ExtractAnswer(string solution)
    {
        if (BoxedAnswer.Extract(solution) is { } answer) return answer;
        var last = solution.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        var numbers = last is null ? null : Integer().Matches(last);
        return numbers is { Count: > 0 } ? numbers[^1].Value : null;
    }

    public bool AreEquivalent(string first, string second) =>
        TryParse(first, out var x) && TryParse(second, out var y)
            ? x == y
            : MathAnswerFormat.Instance.AreEquivalent(first, second);

    /// <summary>Reads an answer as a valid AIME answer (an integer 0-999); false otherwise.</summary>
    public static bool TryParse(string answer, out int value)
    {
        value = -1;
        var s = MathNormalizer.Normalize(answer);
        // "m+n=25": the value is what follows the last '='.
        var eq = s.LastIndexOf('=');
        if (eq >= 0) s = s[(eq + 1)..];
        BigInteger n;
        if (s.Length > 0 && s.All(char.IsAsciiDigit)) n = BigInteger.Parse(s, CultureInfo.InvariantCulture);
        else if (MathExpression.TryParse(s) is { Variables.Count: 0 } e && e.Evaluate() is { Exact: { IsInteger: true } r }) n = r.Numerator;
        else return false;
        if (n < 0 || n > 999) return false;
        value = (int)n;
        return true;
    }
}
