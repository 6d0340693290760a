using System.Numerics;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// An exact fraction. Answers such as <c>0.35625</c>, <c>\frac{57}{160}</c> and <c>2^{-3}</c> are compared
/// exactly, so large integers (<c>11111111100</c> vs <c>11111111110</c>) never pass on a float tolerance.
/// </summary>
internal readonly record struct Rational
{
    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }

    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException();
        if (denominator.Sign < 0) (numerator, denominator) = (-numerator, -denominator);
        var g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!g.IsZero && !g.IsOne) (numerator, denominator) = (numerator / g, denominator / g);
        Numerator = numerator;
        Denominator = numerator.IsZero ? BigInteger.One : denominator;
    }

    public static Rational FromInteger(BigInteger n) => new(n, BigInteger.One);

    public bool IsInteger => Denominator.IsOne;
    public bool IsZero => Numerator.IsZero;

    /// <summary>Parses a plain decimal literal such as <c>12</c>, <c>.35</c> or <c>3.</c>.</summary>
    public static bool TryParseDecimal(string digits, out Rational value)
    {
        value = default;
        var dot = digits.IndexOf('.');
        var whole = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? "" : digits[(dot + 1)..];
        if (whole.Length + fraction.Length == 0 || !(whole + fraction).All(char.IsAsciiDigit)) return false;
        var numerator = BigInteger.Parse(whole + fraction is { Length: > 0 } all ? all : "0");
        value = new Rational(numerator, BigInteger.Pow(10, fraction.Length));
        return true;
    }

    public static Rational operator +(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator -(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);
    public static Rational operator *(Rational a, Rational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    public static Rational operator /(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>a^n for a small integer n, exactly; false when the result would be huge or 0^-n.</summary>
    public bool TryPow(BigInteger n, out Rational result)
    {
        result = default;
        var bits = Math.Max(Numerator.GetBitLength(), Denominator.GetBitLength());
        if (BigInteger.Abs(n) > 4096 || bits * (long)BigInteger.Abs(n) > 100_000) return false;
        if (IsZero && n.Sign < 0) return false;
        var e = (int)BigInteger.Abs(n);
        var num = BigInteger.Pow(Numerator, e);
        var den = BigInteger.Pow(Denominator, e);
        result = n.Sign < 0 ? new Rational(den, num) : new Rational(num, den);
        return true;
    }

    /// <summary>The exact square root when numerator and denominator are perfect squares.</summary>
    public bool TrySqrt(out Rational root)
    {
        root = default;
        if (Numerator.Sign < 0) return false;
        if (!TryIntegerSqrt(Numerator, out var a) || !TryIntegerSqrt(Denominator, out var b)) return false;
        root = new Rational(a, b);
        return true;
    }

    private static bool TryIntegerSqrt(BigInteger n, out BigInteger root)
    {
        root = BigInteger.Zero;
        if (n.Sign < 0) return false;
        if (n < 2) { root = n; return true; }
        // Newton's iteration from an over-estimate converges down to floor(sqrt(n)).
        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) break;
            x = y;
        }
        root = x;
        return x * x == n;
    }

    public double ToDouble()
    {
        var d = (double)Numerator / (double)Denominator;
        if (double.IsFinite(d) && !(d == 0 && !Numerator.IsZero)) return d;
        // Very large or very small parts: go through logarithms so the ratio is still right.
        var log = BigInteger.Log(BigInteger.Abs(Numerator)) - BigInteger.Log(Denominator);
        return Numerator.Sign * Math.Exp(log);
    }

    public override string ToString() => IsInteger ? Numerator.ToString() : $"{Numerator}/{Denominator}";
}
