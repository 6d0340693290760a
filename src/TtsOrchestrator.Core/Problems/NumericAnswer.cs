using System.Globalization;
using System.Text.RegularExpressions;

namespace TtsOrchestrator.Core.Problems;

/// <summary>Parses the numbers answers are written as: 1,234  -3.50  1/2  $12  45%  7.0.</summary>
public static partial class NumericAnswer
{
    [GeneratedRegex(@"^(?<sign>[-+−])?\$?(?<num>\d{1,3}(,\d{3})+(\.\d+)?|\d*\.?\d+)(?<pct>\s*%)?$")]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"^(?<sign>[-+−])?(?<a>\d+)\s*/\s*(?<b>\d+)$")]
    private static partial Regex FractionPattern();

    /// <summary>Parses <paramref name="text"/> as a number; percent keeps its written value (45% → 45).</summary>
    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        var s = text.Trim().TrimEnd('.').Trim();
        var m = DecimalPattern().Match(s);
        if (m.Success)
        {
            if (!decimal.TryParse(m.Groups["num"].Value.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out value))
                return false;
            if (m.Groups["sign"].Value is "-" or "−") value = -value;
            return true;
        }
        var f = FractionPattern().Match(s);
        if (f.Success && decimal.TryParse(f.Groups["b"].Value, CultureInfo.InvariantCulture, out var b) && b != 0
            && decimal.TryParse(f.Groups["a"].Value, CultureInfo.InvariantCulture, out var a))
        {
            value = a / b;
            if (f.Groups["sign"].Value is "-" or "−") value = -value;
            return true;
        }
        return false;
    }

    /// <summary>Equal as numbers, up to a relative tolerance that absorbs 1/3 vs 0.333333.</summary>
    public static bool Equal(decimal x, decimal y)
    {
        var scale = Math.Max(1m, Math.Max(Math.Abs(x), Math.Abs(y)));
        return Math.Abs(x - y) <= scale * 1e-6m;
    }
}
