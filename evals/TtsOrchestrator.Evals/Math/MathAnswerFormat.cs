using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// The answer format of MATH-style problems (MATH-500, AMC): the answer is the last <c>\boxed{…}</c>,
/// and two answers are equal when, after <see cref="MathNormalizer"/>, they have the same structure
/// with equal parts: matrices cell by cell, tuples and intervals element by element with the same
/// brackets, unions and sets and bare comma lists in any order, single values as exact numbers
/// (or within a tiny tolerance once a root or π is involved), polynomials by value at fixed points.
/// Strict where it matters: <c>(1,2)</c> ≠ <c>(2,1)</c>, <c>[1,2]</c> ≠ <c>(1,2)</c>, <c>12</c> ≠ <c>1.2</c>.
/// </summary>
public sealed class MathAnswerFormat : IAnswerFormat
{
    public static MathAnswerFormat Instance { get; } = new();

    private const string PmatrixBegin = @"\begin{pmatrix}";
    private const string PmatrixEnd = @"\end{pmatrix}";

    public string? ExtractAnswer(string solution) => BoxedAnswer.Extract(solution);

    public bool AreEquivalent(string first, string second)
    {
        var a = MathNormalizer.Normalize(first);
        var b = MathNormalizer.Normalize(second);
        if (a.Length == 0 || b.Length == 0) return a.Length == b.Length;
        return Equal(a, b, depth: 0);
    }

    private static bool Equal(string a, string b, int depth)
    {
        if (a == b) return true;
        if (depth > 8) return false;

        if (a.StartsWith(PmatrixBegin, StringComparison.Ordinal) || b.StartsWith(PmatrixBegin, StringComparison.Ordinal))
            return MatrixEqual(a, b, depth);

        // Unions of intervals: the same pieces, in any order.
        var unionA = SplitTopLevel(a, @"\cup");
        var unionB = SplitTopLevel(b, @"\cup");
        if (unionA.Count > 1 || unionB.Count > 1)
            return unionA.Count == unionB.Count && SameMultiset(unionA, unionB, depth);

        // Several answers ("1, -2", "\{1, -2\}", "3 \pm \sqrt{2}"): the same answers in any order.
        var (itemsA, listA) = Items(a);
        var (itemsB, listB) = Items(b);
        if (listA || listB)
            return itemsA.Count == itemsB.Count && SameMultiset(itemsA, itemsB, depth);

        // Tuples and intervals: same brackets, same elements in order.
        var tupleA = Tuple(a);
        var tupleB = Tuple(b);
        if (tupleA is not null || tupleB is not null)
        {
            if (tupleA is not { } x || tupleB is not { } y) return false;
            if (x.Open != y.Open || x.Close != y.Close || x.Elements.Count != y.Elements.Count) return false;
            for (var i = 0; i < x.Elements.Count; i++)
                if (!Equal(x.Elements[i], y.Elements[i], depth + 1)) return false;
            return true;
        }

        return ScalarEqual(a, b);
    }

    private static bool ScalarEqual(string a, string b)
    {
        a = MathNormalizer.StripAssignment(a);
        b = MathNormalizer.StripAssignment(b);
        if (a == b) return true;
        if (IsWord(a) && IsWord(b)) return string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        // Equations (a plane, a line): both sides equal, either way round.
        var sidesA = SplitTopLevel(a, "=");
        var sidesB = SplitTopLevel(b, "=");
        if (sidesA.Count == 2 && sidesB.Count == 2)
            return (ScalarEqual(sidesA[0], sidesB[0]) && ScalarEqual(sidesA[1], sidesB[1]))
                   || (ScalarEqual(sidesA[0], sidesB[1]) && ScalarEqual(sidesA[1], sidesB[0]));
        if (sidesA.Count != 1 || sidesB.Count != 1) return false;

        var x = MathExpression.TryParse(a);
        var y = MathExpression.TryParse(b);
        return x is not null && y is not null && SameValue(x, y);
    }

    private static bool IsWord(string s) => s.Length > 1 && s.All(char.IsAsciiLetter);

    // Values the variables take when polynomials are compared: unlike fractions, so two different
    // expressions agree at all of them only by a coincidence the answers of a test set do not produce.
    private static readonly Rational[][] Points =
    [
        [new(7, 3), new(-5, 11), new(13, 4), new(17, 19), new(-23, 6), new(29, 8)],
        [new(-11, 7), new(19, 5), new(3, 13), new(-31, 9), new(41, 17), new(5, 23)],
        [new(37, 10), new(2, 29), new(-43, 12), new(11, 3), new(-7, 31), new(53, 14)],
        [new(-3, 17), new(47, 11), new(9, 2), new(-59, 21), new(6, 37), new(-13, 5)],
    ];

    private static bool SameValue(MathExpression x, MathExpression y)
    {
        var variables = x.Variables.Union(y.Variables).Order(StringComparer.Ordinal).ToList();
        if (variables.Count == 0)
            return x.Evaluate() is { } u && y.Evaluate() is { } v && MathValue.Same(u, v);

        // A factored form is not its expansion: the shapes must agree (see MathExpression.IsFlat).
        if (x.IsFlat != y.IsFlat) return false;
        var agreeing = 0;
        foreach (var point in Points)
        {
            var values = new Dictionary<string, Rational>(StringComparer.Ordinal);
            for (var i = 0; i < variables.Count; i++)
                values[variables[i]] = point[i % point.Length] + Rational.FromInteger(i / point.Length);
            var u = x.Evaluate(values);
            var v = y.Evaluate(values);
            if (u is null && v is null) continue;
            if (u is not { } p || v is not { } q || !MathValue.Same(p, q)) return false;
            agreeing++;
        }
        return agreeing >= 3;
    }

    private static bool MatrixEqual(string a, string b, int depth)
    {
        var x = MatrixCells(a);
        var y = MatrixCells(b);
        if (x is null || y is null || x.Count != y.Count) return false;
        for (var r = 0; r < x.Count; r++)
        {
            if (x[r].Length != y[r].Length) return false;
            for (var c = 0; c < x[r].Length; c++)
                if (!Equal(x[r][c], y[r][c], depth + 1)) return false;
        }
        return true;
    }

    private static List<string[]>? MatrixCells(string s)
    {
        if (!s.StartsWith(PmatrixBegin, StringComparison.Ordinal) || !s.EndsWith(PmatrixEnd, StringComparison.Ordinal)) return null;
        var body = s[PmatrixBegin.Length..^PmatrixEnd.Length];
        return body.Split(@"\\").Select(row => row.Split('&')).ToList();
    }

    /// <summary>
    /// The answers a string lists, and whether it is a list at all: a bare top-level comma list, a set
    /// <c>\{…\}</c>, or an answer with one <c>\pm</c> (two answers). Bracketed tuples are not lists.
    /// </summary>
    private static (List<string> Items, bool IsList) Items(string s)
    {
        var isSet = s.StartsWith(@"\{", StringComparison.Ordinal) && s.EndsWith(@"\}", StringComparison.Ordinal)
                    && ClosingOf(s, 1) == s.Length - 1;
        var inner = isSet ? s[2..^2] : s;
        var parts = Tuple(inner) is null ? SplitTopLevel(inner, ",") : [inner];
        var items = new List<string>();
        foreach (var part in parts)
        {
            var stripped = MathNormalizer.StripAssignment(part);
            var pm = stripped.Split(@"\pm").Length - 1 + stripped.Split(@"\mp").Length - 1;
            if (pm == 1 && Tuple(stripped) is null)
            {
                var sign = stripped.Contains(@"\pm") ? @"\pm" : @"\mp";
                items.Add(stripped.Replace(sign, "+"));
                items.Add(stripped.Replace(sign, "-"));
            }
            else items.Add(stripped);
        }
        return (items, isSet || items.Count > 1);
    }

    private readonly record struct TupleParts(char Open, char Close, List<string> Elements);

    /// <summary>A bracketed tuple or interval with at least two elements: (1,2), [0,\infty), (3,4].</summary>
    private static TupleParts? Tuple(string s)
    {
        if (s.Length < 2 || s[0] is not ('(' or '[') || s[^1] is not (')' or ']')) return null;
        if (ClosingOf(s, 0) != s.Length - 1) return null;
        var elements = SplitTopLevel(s[1..^1], ",");
        return elements.Count < 2 ? null : new TupleParts(s[0], s[^1], elements);
    }

    /// <summary>Index of the bracket that closes the one at <paramref name="open"/>, any of ( [ {; -1 if none.</summary>
    private static int ClosingOf(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] is '(' or '[' or '{') depth++;
            else if (s[i] is ')' or ']' or '}' && --depth == 0) return i;
        }
        return -1;
    }

    /// <summary>Splits at <paramref name="separator"/> outside any brackets.</summary>
    private static List<string> SplitTopLevel(string s, string separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}') depth--;
            else if (depth == 0 && string.CompareOrdinal(s, i, separator, 0, separator.Length) == 0
                     && !(separator[0] == '\\' && i + separator.Length < s.Length && char.IsAsciiLetter(s[i + separator.Length]))
                     && !(separator == "=" && i > 0 && s[i - 1] is '<' or '>' or '!'))
            {
                parts.Add(s[start..i]);
                start = i + separator.Length;
                i = start - 1;
            }
        }
        parts.Add(s[start..]);
        return parts;
    }

    private static bool SameMultiset(List<string> a, List<string> b, int depth)
    {
        var used = new bool[b.Count];
        foreach (var x in a)
        {
            var found = false;
            for (var j = 0; j < b.Count && !found; j++)
                if (!used[j] && Equal(x, b[j], depth + 1)) used[j] = found = true;
            if (!found) return false;
        }
        return true;
    }
}
