namespace TtsOrchestrator.Core.Specs;

/// <summary>"Did you mean" for mistyped names, by edit distance.</summary>
public static class NameSuggestions
{
    /// <summary>The closest of <paramref name="known"/> to <paramref name="typed"/>, if it is plausibly a typo.</summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var k in known)
        {
            var d = Distance(typed.ToLowerInvariant(), k.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (k, d);
        }
        // A typo changes at most a third of the name (and always at least one character is allowed).
        return best is not null && bestDistance <= Math.Max(1, best.Length / 3) ? best : null;
    }

    /// <summary>Optimal string alignment distance (insert, delete, substitute, swap neighbours).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }

    /// <summary>" (did you mean 'x'?)" or "".</summary>
    public static string Hint(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { } s ? $" (did you mean '{s}'?)" : "";
}
