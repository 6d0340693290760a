using System.Text.RegularExpressions;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// Reads the final answer of a competition-math solution: the contents of the last <c>\boxed{…}</c>
/// (or <c>\fbox{…}</c>, or TeX's brace-less <c>\boxed 5</c>), else a closing "The answer is X" or
/// <c>#### X</c> line. MATH solutions and instruction-tuned models both box the answer; the fallbacks
/// cover models that were prompted with the GSM8K or Minerva convention instead.
/// </summary>
public static partial class BoxedAnswer
{
    [GeneratedRegex(@"\\(?:boxed|fbox)(?![a-zA-Z])")]
    private static partial Regex BoxCommand();

    // Greedy ".*" before the marker picks the last marker on a line ("Final Answer: The final answer is 5").
    [GeneratedRegex(@"^.*(?:####|\b(?:final answer|answer)(?:[ \t]+is[ \t]*:?|[ \t]*:))[ \t]*(?<a>.*)$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex AnswerLine();

    [GeneratedRegex(@"\.?\s*I hope it is correct\.?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex MinervaTail();

    /// <summary>The final answer of <paramref name="solution"/>, or null when it states none.</summary>
    public static string? Extract(string solution)
    {
        var boxed = LastBoxed(solution);
        if (boxed is not null) return boxed;
        return AnswerLineText(solution);
    }

    /// <summary>
    /// Contents of the last complete box (braces balanced), trimmed; null when there is none. A box the
    /// model left unclosed (cut off by the token limit) or empty (an echo of the instruction) is skipped
    /// in favour of the one before it.
    /// </summary>
    public static string? LastBoxed(string text)
    {
        var boxes = BoxCommand().Matches(text);
        for (var b = boxes.Count - 1; b >= 0; b--)
        {
            var content = BoxContent(text, boxes[b].Index + boxes[b].Length);
            if (!string.IsNullOrWhiteSpace(content)) return content.Trim();
        }
        return null;
    }

    private static string? BoxContent(string text, int from)
    {
        var i = from;
        while (i < text.Length && text[i] is ' ' or '\t') i++;
        if (i >= text.Length) return null;
        if (text[i] != '{')
        {
            // \boxed 5 (TeX takes one token; models write a number or a short word): up to a space or '$'.
            var end = i;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '$') end++;
            return text[i..end];
        }
        var depth = 0;
        for (var j = i; j < text.Length; j++)
        {
            // \{ and \} are literal braces inside the answer (sets), not grouping.
            if (text[j] == '\\' && j + 1 < text.Length && text[j + 1] is '{' or '}' or '\\') { j++; continue; }
            if (text[j] == '{') depth++;
            else if (text[j] == '}' && --depth == 0) return text[(i + 1)..j];
        }
        return null;
    }

    /// <summary>The answer in the last "The answer is X" / "Final Answer: X" / "#### X" line.</summary>
    private static string? AnswerLineText(string solution)
    {
        var lines = AnswerLine().Matches(solution);
        for (var k = lines.Count - 1; k >= 0; k--)
        {
            var answer = CleanLine(lines[k].Groups["a"].Value);
            if (answer is not null) return answer;
        }
        return null;
    }

    private static string? CleanLine(string raw)
    {
        var s = MinervaTail().Replace(raw, "").Trim();
        s = s.Trim('*').Trim();
        // "The answer is $\frac{1}{2}$." — keep what is inside the math delimiters.
        if (s.StartsWith('$'))
        {
            var open = s.StartsWith("$$") ? 2 : 1;
            var close = s.IndexOf(new string('$', open), open, StringComparison.Ordinal);
            if (close > open) s = s[open..close];
        }
        else if (s.StartsWith(@"\(") && s.IndexOf(@"\)", StringComparison.Ordinal) is > 2 and var close)
        {
            s = s[2..close];
        }
        s = s.Trim().TrimEnd('.').Trim().Trim('*').Trim();
        return s.Length == 0 ? null : s;
    }
}
