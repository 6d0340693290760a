using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// Rewrites a MATH-style answer into one canonical spelling, so that the ways model outputs differ
/// from the gold (<c>\dfrac</c> for <c>\frac</c>, <c>\frac12</c>, <c>\left(</c>, <c>10\text{ cm}</c>,
/// <c>90^\circ</c>, <c>x = 3</c>, <c>1{,}000</c>, spaces…) vanish before <see cref="MathAnswerFormat"/>
/// compares structure and values. It only removes notation that never changes the answer; anything
/// that could (brackets, order, signs, digits) is left for the comparison to judge.
/// </summary>
public static partial class MathNormalizer
{
    // Strategies compare every pair of candidate answers, so the same strings come back many times.
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The canonical form of <paramref name="answer"/> (whitespace-free except after a command).</summary>
    public static string Normalize(string answer)
    {
        if (Cache.TryGetValue(answer, out var cached)) return cached;
        var result = NormalizeUncached(answer);
        if (Cache.Count > 50_000) Cache.Clear();
        Cache[answer] = result;
        return result;
    }

    /// <summary>Longer "answers" are rambling text: they only lose their spaces (and never recurse deeply).</summary>
    private const int MaxAnswerLength = 1000;

    private static string NormalizeUncached(string answer)
    {
        var s = answer.Trim();
        if (s.Length > MaxAnswerLength) return CollapseWhitespace(s);
        if (BoxCommand().IsMatch(s) && BoxedAnswer.LastBoxed(s) is { } boxed) s = boxed;
        s = Notation(s);
        if (Matrix().Match(s) is { Success: true } m) return NormalizeMatrix(m);
        s = StripUnits(s);
        s = TextCommand().Replace(s, "${t}");
        return Layout(s);
    }

    [GeneratedRegex(@"^\s*\\(?:boxed|fbox)(?![a-zA-Z])")]
    private static partial Regex BoxCommand();

    /// <summary>Spellings that never matter: delimiters, Unicode, sizing, spacing, degree and percent signs.</summary>
    private static string Notation(string s)
    {
        s = s.Replace('−', '-').Replace('–', '-').Replace("π", @"\pi").Replace("∞", @"\infty").Replace("√", @"\sqrt")
             .Replace("×", @"\times").Replace("·", @"\cdot").Replace("÷", @"\div").Replace("°", "")
             .Replace("≤", @"\le").Replace("≥", @"\ge").Replace("≠", @"\ne");
        // Currency and math-mode delimiters: \$5, $\frac{1}{2}$, \(x\), \[x\].
        s = s.Replace(@"\$", "").Replace("$", "");
        s = MathModeEnds().Replace(s, "");
        s = FracVariant().Replace(s, @"\frac");
        s = BinomVariant().Replace(s, @"\binom");
        s = Sizing().Replace(s, "");
        // Thousands separators written for TeX: 10,\!080 and 1{,}000 (only between digit groups).
        s = TexThousands().Replace(s, "");
        s = NegativeSpace().Replace(s, "");
        s = TexSpace().Replace(s, " ");
        s = TextVariant().Replace(s, @"\text{");
        // "1 and 2", "x=1 \text{ or } x=-2": a list of answers.
        s = Conjunction().Replace(s, ",");
        s = Degrees().Replace(s, "");
        s = s.Replace(@"\%", "").Replace("%", "");
        s = BarePi().Replace(s, @"\pi");
        s = BareInfinity().Replace(s, @"\infty");
        s = Relations().Replace(s, m => m.Value switch
        {
            @"\leq" or @"\leqslant" or "<=" => @"\le",
            @"\geq" or @"\geqslant" or ">=" => @"\ge",
            @"\neq" => @"\ne",
            _ => m.Value,
        });
        s = s.Replace(@"\langle", "(").Replace(@"\rangle", ")");
        return s.Trim();
    }

    [GeneratedRegex(@"^\s*(?:\\\(|\\\[)|(?:\\\)|\\\])\s*$")]
    private static partial Regex MathModeEnds();

    [GeneratedRegex(@"\\[dtc]frac(?![a-zA-Z])")]
    private static partial Regex FracVariant();

    [GeneratedRegex(@"\\[dt]binom(?![a-zA-Z])")]
    private static partial Regex BinomVariant();

    [GeneratedRegex(@"\\(?:left|right|[bB]igg?[lr]?|displaystyle|textstyle)(?![a-zA-Z])")]
    private static partial Regex Sizing();

    [GeneratedRegex(@"(?<=\d)(?:,\\!\s*|\{,\}|,\\,)(?=\d{3}(?!\d))")]
    private static partial Regex TexThousands();

    // The look-behind keeps a matrix row break (\\ followed by a space) intact.
    [GeneratedRegex(@"(?<!\\)\\[,;: ]|\\q?quad(?![a-zA-Z])|~")]
    private static partial Regex TexSpace();

    [GeneratedRegex(@"(?<!\\)\\!")]
    private static partial Regex NegativeSpace();

    [GeneratedRegex(@"\s*\\text\{\s*(?:and|or)\s*\}\s*|\s+(?:and|or)\s+")]
    private static partial Regex Conjunction();

    [GeneratedRegex(@"\\(?:textbf|textrm|textit|textnormal|textsf|mathrm|mathbf|mathit|mathsf|mbox|hbox|operatorname|text)\s*\{")]
    private static partial Regex TextVariant();

    // ^\circ, ^{\circ}, \circ, \degree(s) and the word degrees as a unit text.
    // A bare \circ only after a number, so f \circ g (composition) stays.
    [GeneratedRegex(@"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|(?<=[\d}.)]\s*)\\circ(?![a-zA-Z])|\\degrees?(?![a-zA-Z])")]
    private static partial Regex Degrees();

    [GeneratedRegex(@"(?<![a-zA-Z\\])pi(?![a-zA-Z])")]
    private static partial Regex BarePi();

    [GeneratedRegex(@"(?<![a-zA-Z\\])(?:infinity|inf)(?![a-zA-Z])")]
    private static partial Regex BareInfinity();

    [GeneratedRegex(@"\\(?:leq|geq|neq|leqslant|geqslant)(?![a-zA-Z])|<=|>=")]
    private static partial Regex Relations();

    [GeneratedRegex(@"\\text\{(?<t>[^{}]*)\}")]
    private static partial Regex TextCommand();

    // ---- units -------------------------------------------------------------------------------

    // A trailing \text{ cm}, \text{ square units}, \mbox{ inches}^2 after something else.
    [GeneratedRegex(@"^(?<p>.*?\S)\s*\\text\{(?<u>\s*[a-zA-Z][a-zA-Z .'/-]*)\}(?:\s*\^\s*\{?\d\}?)?\s*\.?$")]
    private static partial Regex TextUnit();

    // A trailing bare word or words after a space: 18 dollars, 5 square feet.
    [GeneratedRegex(@"^(?<p>.*?\S)\s+(?<u>[a-zA-Z]{2,}(?:[\s-]+[a-zA-Z]+)*)(?:\s*\^\s*\{?\d\}?)?\s*\.?$")]
    private static partial Regex WordUnit();

    // A unit glued to a number: 10cm, 45degrees. Only known units, so 2xy stays a product.
    [GeneratedRegex(@"^(?<p>.*?[\d.}])(?<u>cm|mm|km|ft|feet|inches|inch|yd|yards|miles|meters|metres|units|dollars|cents|degrees|hours|hrs|minutes|mins|seconds|secs|days|weeks|months|years|kg|lbs|pounds|grams|mph|sq)(?:\^\{?\d\}?)?\.?$")]
    private static partial Regex GluedUnit();

    /// <summary>
    /// Drops units after a value (<c>10\text{ cm}</c>, <c>864 \mbox{ inches}^2</c>, <c>18 dollars</c>); a bare
    /// word is only taken for a unit when what comes before it is a number, so <c>\cot x</c> stays.
    /// </summary>
    private static string StripUnits(string s)
    {
        for (var round = 0; round < 4; round++)
        {
            var before = s;
            if (TextUnit().Match(s) is { Success: true } t) s = t.Groups["p"].Value.Trim();
            else if (WordUnit().Match(s) is { Success: true } w && IsNumber(w.Groups["p"].Value)) s = w.Groups["p"].Value.Trim();
            else if (GluedUnit().Match(s) is { Success: true } g && IsNumber(g.Groups["p"].Value)) s = g.Groups["p"].Value.Trim();
            if (s == before) break;
        }
        return s;
    }

    private static bool IsNumber(string text)
    {
        var e = MathExpression.TryParse(Layout(TextCommand().Replace(text, "${t}")));
        return e is { Variables.Count: 0 } && e.Evaluate() is not null;
    }

    // ---- layout ------------------------------------------------------------------------------

    [GeneratedRegex(@"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")]
    private static partial Regex PlainThousands();

    [GeneratedRegex(@"\\(?:cdot|times|ast)(?![a-zA-Z])")]
    private static partial Regex Product();

    [GeneratedRegex(@"(?<=^|[(\[,])\+(?=\\infty)")]
    private static partial Regex PlusInfinity();

    [GeneratedRegex(@"\\div(?![a-zA-Z])")]
    private static partial Regex Quotient();

    [GeneratedRegex(@"([\^_])\{([a-zA-Z0-9])\}")]
    private static partial Regex SingleBraced();

    // x = 3, y=2x+3, x \in [-2,7], f(x) = ..., (x,y) = (1,2), \theta = ...
    [GeneratedRegex(@"^(?:[a-zA-Z](?:_\{?[a-zA-Z0-9]+\}?)?|\\[a-zA-Z]+|[a-zA-Z]\([a-zA-Z]\)|\((?:[a-zA-Z],)+[a-zA-Z]\))(?:=|\\in(?![a-zA-Z]) ?)")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^\(([A-Z])\)$")]
    private static partial Regex ChoiceLetter();

    [GeneratedRegex(@"^(-?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$")]
    private static partial Regex MixedNumber();

    /// <summary>
    /// Whitespace, operator spellings, TeX shorthand and the wrappers around a single answer:
    /// <c>1,000</c> → <c>1000</c> (only as a whole answer, never inside <c>(1,2)</c>), <c>\frac12</c> →
    /// <c>\frac{1}{2}</c>, <c>x=3</c> → <c>3</c>, <c>(B)</c> → <c>B</c>, <c>2\frac{1}{2}</c> → <c>\frac{5}{2}</c>.
    /// </summary>
    private static string Layout(string s)
    {
        s = s.Trim();
        if (PlainThousands().IsMatch(s)) s = s.Replace(",", "");
        s = CollapseWhitespace(s);
        s = Product().Replace(s, "*");
        s = Quotient().Replace(s, "/");
        s = BraceShorthand(s);
        s = SingleBraced().Replace(s, "$1$2");
        s = PlusInfinity().Replace(s, "");
        while (s.EndsWith('.') && s.Length > 1) s = s[..^1];
        s = StripAssignment(s);
        if (ChoiceLetter().Match(s) is { Success: true } c) s = c.Groups[1].Value;
        if (MixedNumber().Match(s) is { Success: true } mixed)
        {
            var whole = System.Numerics.BigInteger.Parse(mixed.Groups[2].Value);
            var num = System.Numerics.BigInteger.Parse(mixed.Groups[3].Value);
            var den = System.Numerics.BigInteger.Parse(mixed.Groups[4].Value);
            if (num < den && !den.IsZero) s = $@"{mixed.Groups[1].Value}\frac{{{whole * den + num}}}{{{den}}}";
        }
        return s;
    }

    /// <summary>Drops a leading <c>x =</c> (or <c>x \in</c>) when nothing after it is another equation.</summary>
    internal static string StripAssignment(string s)
    {
        var m = Assignment().Match(s);
        if (!m.Success || m.Length == s.Length) return s;
        var rest = s[m.Length..];
        return rest.Contains('=') ? s : rest;
    }

    /// <summary>Removes whitespace, but keeps one space between a command and a letter (<c>\cot x</c>).</summary>
    private static string CollapseWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsWhiteSpace(s[i])) { sb.Append(s[i]); continue; }
            while (i + 1 < s.Length && char.IsWhiteSpace(s[i + 1])) i++;
            if (i + 1 < s.Length && char.IsAsciiLetter(s[i + 1]) && EndsWithCommand(sb)) sb.Append(' ');
        }
        return sb.ToString();
    }

    private static bool EndsWithCommand(StringBuilder sb)
    {
        var j = sb.Length - 1;
        while (j >= 0 && char.IsAsciiLetter(sb[j])) j--;
        return j >= 0 && j < sb.Length - 1 && sb[j] == '\\';
    }

    /// <summary><c>\frac12</c>, <c>\frac 34</c>, <c>\frac9{19}</c>, <c>\sqrt2</c> → fully braced arguments.</summary>
    private static string BraceShorthand(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        var i = 0;
        while (i < s.Length)
        {
            if (s[i] != '\\') { sb.Append(s[i++]); continue; }
            var j = i + 1;
            while (j < s.Length && char.IsAsciiLetter(s[j])) j++;
            var name = s[(i + 1)..j];
            sb.Append(s, i, j - i);
            i = j;
            var arguments = name switch { "frac" or "binom" => 2, "sqrt" => 1, _ => 0 };
            if (name == "sqrt" && i < s.Length && s[i] == '[')
            {
                var close = Matching(s, i, '[', ']');
                if (close < 0) continue;
                sb.Append('[').Append(BraceShorthand(s[(i + 1)..close])).Append(']');
                i = close + 1;
            }
            for (var a = 0; a < arguments && i < s.Length; a++)
            {
                if (s[i] == ' ') i++;
                if (i >= s.Length) break;
                if (s[i] == '{')
                {
                    var close = Matching(s, i, '{', '}');
                    if (close < 0) break;
                    sb.Append('{').Append(BraceShorthand(s[(i + 1)..close])).Append('}');
                    i = close + 1;
                }
                else if (s[i] == '\\')
                {
                    var k = i + 1;
                    while (k < s.Length && char.IsAsciiLetter(s[k])) k++;
                    sb.Append('{').Append(s, i, k - i).Append('}');
                    i = k;
                }
                else
                {
                    sb.Append('{').Append(s[i]).Append('}');
                    i++;
                }
            }
        }
        return sb.ToString();
    }

    /// <summary>Index of the bracket closing the one at <paramref name="open"/>; -1 when unbalanced.</summary>
    internal static int Matching(string s, int open, char opening, char closing)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] == opening) depth++;
            else if (s[i] == closing && --depth == 0) return i;
        }
        return -1;
    }

    // ---- matrices ----------------------------------------------------------------------------

    // Also a plain matrix or array inside \left( … \right) (the sizing commands are gone by now).
    [GeneratedRegex(@"^(?<open>[(\[]?)\s*\\begin\{(?<env>[pbBvV]?matrix|array)\}(?:\{[lcr|]*\})?(?<body>.*)\\end\{\k<env>\}\s*(?<close>[)\]]?)$", RegexOptions.Singleline)]
    private static partial Regex Matrix();

    /// <summary>A matrix with every cell normalised: <c>\begin{pmatrix}a&amp;b\\c&amp;d\end{pmatrix}</c>.</summary>
    private static string NormalizeMatrix(Match m)
    {
        // Round and square brackets are the same matrix; |…| (vmatrix) is a determinant and stays apart.
        var env = m.Groups["env"].Value is "vmatrix" or "Vmatrix" ? m.Groups["env"].Value : "pmatrix";
        if (m.Groups["open"].Length != m.Groups["close"].Length) return m.Value;
        var rows = m.Groups["body"].Value.Split(@"\\")
            .Select(r => r.Trim())
            .Where((r, i) => r.Length > 0 || i == 0)
            .Select(r => string.Join("&", r.Split('&').Select(c => Normalize(c))));
        return $@"\begin{{{env}}}{string.Join(@"\\", rows)}\end{{{env}}}";
    }
}
