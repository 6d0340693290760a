namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// What an answer evaluates to: exact while only rational operations were used (so <c>0.5</c> and
/// <c>\frac{1}{2}</c> are the same number, and <c>12</c> and <c>1.2</c> never are), otherwise a double
/// compared with a small relative tolerance (<c>\frac{\sqrt{3}}{3}</c> vs <c>\frac{1}{\sqrt{3}}</c>).
/// </summary>
internal readonly record struct MathValue(double Approx, Rational? Exact)
{
    /// <summary>Relative tolerance for values that went through a root, π or a non-integer power.</summary>
    public const double RelativeTolerance = 1e-6;

    public static MathValue Of(Rational r) => new(r.ToDouble(), r);

    public static MathValue? Inexact(double d) => double.IsFinite(d) ? new MathValue(d, null) : null;

    /// <summary>Exactly equal when both are exact; otherwise equal up to <see cref="RelativeTolerance"/>.</summary>
    public static bool Same(MathValue a, MathValue b)
    {
        if (a.Exact is { } x && b.Exact is { } y) return x == y;
        var diff = Math.Abs(a.Approx - b.Approx);
        // The absolute floor only absorbs float noise around zero (x - x evaluated as 1e-16).
        return diff <= RelativeTolerance * Math.Max(Math.Abs(a.Approx), Math.Abs(b.Approx)) || diff <= 1e-12;
    }
}
