using System.Text.RegularExpressions;

namespace TtsOrchestrator.Core.Problems;

/// <summary>
/// The general answer format for free-form questions: the answer is the text after the last
/// <c>#### </c> line (GSM8K convention), else the last <c>\boxed{…}</c>, else what follows
/// "answer is", else the last number. Answers are equal when they are equal numbers, or the same
/// text ignoring case, spaces and a trailing period.
/// </summary>
public sealed partial class FinalAnswerFormat : IAnswerFormat
{
    public static FinalAnswerFormat Instance { get; } = new();

    [GeneratedRegex(@"####\s*(?<a>[^\n]*)")]
    private static partial Regex HashLine();

    [GeneratedRegex(@"answer is[:\s]*(?<a>[^\n]+)", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerIs();

    [GeneratedRegex(@"[-−]?\$?\d[\d,]*(\.\d+)?(\s*/\s*\d+)?")]
    private static partial Regex NumberPattern();

    public string? ExtractAnswer(string solution)
    {
        var hash = HashLine().Matches(solution);
        if (hash.Count > 0) return Clean(hash[^1].Groups["a"].Value);

        var boxed = LastBoxed(solution);
        if (boxed is not null) return Clean(boxed);

        var said = AnswerIs().Matches(solution);
        if (said.Count > 0) return Clean(said[^1].Groups["a"].Value);

        var numbers = NumberPattern().Matches(solution);
        return numbers.Count > 0 ? Clean(numbers[^1].Value) : null;
    }

    public bool AreEquivalent(string first, string second)
    {
        if (NumericAnswer.TryParse(first, out var x) && NumericAnswer.TryParse(second, out var y))
            return NumericAnswer.Equal(x, y);
        return string.Equals(Normalize(first), Normalize(second), StringComparison.OrdinalIgnoreCase);
    }

    private static string? Clean(string raw)
    {
        var s = raw.Trim().TrimEnd('.').Trim().Trim('$', '*').Trim();
        return s.Length == 0 ? null : s;
    }

    private static string Normalize(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c))).TrimEnd('.');

    /// <summary>Contents of the last <c>\boxed{…}</c>, braces balanced; null when absent or unclosed.</summary>
    internal static string? LastBoxed(string text)
    {
        var start = text.LastIndexOf(@"\boxed{", StringComparison.Ordinal);
        if (start < 0) return null;
        int depth = 0, from = start + @"\boxed{".Length;
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && depth-- == 0) return text[from..i];
        }
        return null;
    }
}
