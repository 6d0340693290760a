using System.Text.RegularExpressions;

namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// Takes the code out of a model completion. Chat models answer with prose around a fenced block; base models
/// continue the prompt with bare code; HumanEval completions may be the whole function or only its body.
/// </summary>
public static partial class CodeExtraction
{
    // A closed fence: ```lang (rest of the opening line ignored) ... ```
    [GeneratedRegex(@"```[ \t]*(?<lang>[A-Za-z0-9_+.-]*)[^\n]*\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ClosedFence();

    // An opening fence with no closing one after it: a generation cut off by its token limit.
    [GeneratedRegex(@"```[ \t]*(?<lang>python3?|py)?[ \t]*\n(?<code>.*)\z", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex OpenFence();

    /// <summary>
    /// The code in <paramref name="completion"/>: the last ```python (or ```py) block; else the last untagged
    /// block; else an unclosed python or untagged block at the end; else the whole text. Null when that is blank.
    /// Leading indentation is kept (a body-only completion needs it).
    /// </summary>
    public static string? FromCompletion(string? completion)
    {
        if (string.IsNullOrWhiteSpace(completion)) return null;
        var blocks = ClosedFence().Matches(completion);
        var python = blocks.LastOrDefault(m => IsPython(m.Groups["lang"].Value));
        var untagged = blocks.LastOrDefault(m => m.Groups["lang"].Value.Length == 0);
        string code;
        if (python is not null) code = python.Groups["code"].Value;
        else if (untagged is not null) code = untagged.Groups["code"].Value;
        else
        {
            var tail = blocks.Count > 0 ? completion[(blocks[^1].Index + blocks[^1].Length)..] : completion;
            var open = OpenFence().Match(tail);
            code = open.Success ? open.Groups["code"].Value : completion;
        }
        return Tidy(code);
    }

    /// <summary>
    /// A HumanEval candidate as a program that defines the entry point, the way common harnesses read completions:
    /// a completion that defines <paramref name="entryPoint"/> at top level is a whole function and goes after the
    /// prompt (which keeps the prompt's imports and helper functions; the new definition replaces the prompt's
    /// docstring-only stub); anything else is the function's body and continues the prompt (re-indented when the
    /// model dropped the indentation). A candidate that already starts with the prompt is returned as it is.
    /// </summary>
    public static string? ForHumanEval(string? completion, string prompt, string entryPoint)
    {
        var code = FromCompletion(completion);
        if (code is null) return null;
        var stub = prompt.Trim();
        if (code.TrimStart().StartsWith(stub, StringComparison.Ordinal)) return code;
        var head = prompt.EndsWith('\n') ? prompt : prompt + "\n";
        if (DefinesTopLevel(code, entryPoint)) return head + "\n" + code + "\n";
        return head + IndentBody(code) + "\n";
    }

    /// <summary>Whether <paramref name="code"/> has <c>def name(</c> at column 0.</summary>
    public static bool DefinesTopLevel(string code, string name) =>
        Regex.IsMatch(code, $@"^(async\s+)?def\s+{Regex.Escape(name)}\s*\(", RegexOptions.Multiline);

    private static bool IsPython(string lang) =>
        lang.Equals("python", StringComparison.OrdinalIgnoreCase) || lang.Equals("py", StringComparison.OrdinalIgnoreCase) ||
        lang.Equals("python3", StringComparison.OrdinalIgnoreCase);

    /// <summary>A body whose first line starts at column 0 was dedented by the model: indent every line one level.</summary>
    private static string IndentBody(string body)
    {
        var lines = body.Split('\n');
        var first = lines.FirstOrDefault(l => l.Trim().Length > 0);
        if (first is null || char.IsWhiteSpace(first[0])) return body;
        return string.Join('\n', lines.Select(l => l.Trim().Length == 0 ? l : "    " + l));
    }

    /// <summary>Drops leading blank lines and trailing whitespace, keeps the first line's indentation; null when blank.</summary>
    private static string? Tidy(string code)
    {
        code = code.Replace("\r\n", "\n").TrimEnd();
        var lines = code.Split('\n').SkipWhile(l => l.Trim().Length == 0);
        var text = string.Join('\n', lines);
        return text.Trim().Length == 0 ? null : text;
    }
}
