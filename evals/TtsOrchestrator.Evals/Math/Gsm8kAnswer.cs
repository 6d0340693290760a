using System.Globalization;
using System.Text.RegularExpressions;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// GSM8K answers are whole numbers of things, but models write them as <c>$1,234.00</c>, <c>18 dollars</c>,
/// <c>5 cm</c>, <c>\$18</c>, <c>\boxed{18}</c> or <c>45%</c>. This reads all of those as the number.
/// </summary>
public static partial class Gsm8kAnswer
{
    // sign, currency, number (with or without thousands commas), percent, then unit words.
    [GeneratedRegex(@"^(?<sign>[-+−])?\s*(?:\$|USD\s*|€|£)?\s*(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)\s*(?:%|percent\b)?\s*(?<unit>[a-zA-Z][a-zA-Z .'/²³-]*)?$")]
    private static partial Regex NumberWithUnit();

    [GeneratedRegex(@"\\(?:text|mbox|mathrm|textbf)\{(?<t>[^{}]*)\}")]
    private static partial Regex TextCommand();

    /// <summary>Parses a GSM8K-style answer as a number; false when it is not one number.</summary>
    public static bool TryParse(string answer, out decimal value)
    {
        value = 0;
        var s = answer.Trim();
        if (BoxedAnswer.LastBoxed(s) is { } boxed && s.TrimStart().StartsWith(@"\boxed", StringComparison.Ordinal)) s = boxed;
        s = TextCommand().Replace(s, "${t}")
            .Replace(@"\$", "$").Replace(@"\%", "%").Replace("{,}", ",").Replace(@",\!", ",").Replace(@"\!", "")
            .Replace("**", "").Trim();
        // Math delimiters around the whole answer ($18$), not a currency sign.
        if (s.Length > 2 && s[0] == '$' && s[^1] == '$') s = s[1..^1].Trim();
        while (s.EndsWith('.') || s.EndsWith('!')) s = s[..^1].TrimEnd();

        var m = NumberWithUnit().Match(s);
        if (m.Success && decimal.TryParse(m.Groups["num"].Value.Replace(",", "").TrimEnd('.'), NumberStyles.Number, CultureInfo.InvariantCulture, out value))
        {
            if (m.Groups["sign"].Value is "-" or "−") value = -value;
            return true;
        }
        // 1/2, -3/4: the general parser knows fractions.
        return NumericAnswer.TryParse(s, out value);
    }

    /// <summary>The answer as a plain number (<c>1234</c>, <c>18.5</c>), or null when it is not one.</summary>
    public static string? Normalize(string answer) =>
        TryParse(answer, out var v) ? v.ToString("0.############################", CultureInfo.InvariantCulture) : null;
}
