using System.Numerics;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// A normalised answer read as arithmetic (numbers, + - * /, implicit products, <c>^</c>, <c>\frac</c>,
/// <c>\sqrt</c>, <c>\binom</c>, <c>!</c>, <c>\pi</c>, one-letter variables), so answers that are written
/// differently but are the same number or polynomial compare equal. Anything else (intervals, words,
/// <c>\infty</c>, base subscripts like <c>204_5</c>, unknown commands) does not parse and is compared as text.
/// </summary>
internal sealed class MathExpression
{
    private readonly Func<IReadOnlyDictionary<string, Rational>, MathValue?> _evaluate;

    private MathExpression(Func<IReadOnlyDictionary<string, Rational>, MathValue?> evaluate, IReadOnlySet<string> variables, bool isFlat)
    {
        _evaluate = evaluate;
        Variables = variables;
        IsFlat = isFlat;
    }

    /// <summary>Variable names (<c>x</c>, <c>k</c>, <c>x_1</c>); empty for a plain number.</summary>
    public IReadOnlySet<string> Variables { get; }

    /// <summary>
    /// True when no parenthesised or braced group holds a sum. Used so that <c>(a+5)(b+2)</c> does not
    /// pass for its expansion: "factor"/"expand"/"simplify" answers must keep their shape.
    /// </summary>
    public bool IsFlat { get; }

    private static readonly Dictionary<string, Rational> NoVariables = [];

    /// <summary>The value with the given variable values; null when undefined (division by zero, root of a negative…).</summary>
    public MathValue? Evaluate(IReadOnlyDictionary<string, Rational>? variables = null) => _evaluate(variables ?? NoVariables);

    /// <summary>Parses a normalised answer; null when it is not an arithmetic expression.</summary>
    public static MathExpression? TryParse(string text)
    {
        if (text.Length == 0 || text.Length > 400) return null;
        // A bare word ("even", "Evelyn") is text, not a product of variables.
        if (text.Length > 1 && text.All(char.IsAsciiLetter)) return null;
        try
        {
            var parser = new Parser(text);
            var node = parser.ParseExpression(grouped: false);
            parser.SkipSpaces();
            if (!parser.AtEnd) return null;
            return new MathExpression(node, parser.Variables, !parser.GroupedSum);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private delegate MathValue? Node(IReadOnlyDictionary<string, Rational> variables);

    private sealed class Parser(string text)
    {
        private int _pos;
        public HashSet<string> Variables { get; } = new(StringComparer.Ordinal);
        public bool GroupedSum { get; private set; }
        public bool AtEnd => _pos >= text.Length;
        private char Peek => _pos < text.Length ? text[_pos] : '\0';

        public void SkipSpaces()
        {
            while (_pos < text.Length && text[_pos] == ' ') _pos++;
        }

        private static FormatException Fail() => new();

        public Func<IReadOnlyDictionary<string, Rational>, MathValue?> ParseExpression(bool grouped)
        {
            var node = Expression(grouped);
            return v => node(v);
        }

        private Node Expression(bool grouped)
        {
            var left = Term();
            while (true)
            {
                SkipSpaces();
                var op = Peek;
                if (op is not ('+' or '-')) return left;
                _pos++;
                if (grouped) GroupedSum = true;
                var l = left;
                var right = Term();
                left = op == '+' ? v => Add(l(v), right(v)) : v => Add(l(v), Negate(right(v)));
            }
        }

        private Node Term()
        {
            var left = Unary();
            while (true)
            {
                SkipSpaces();
                var l = left;
                if (Peek is '*' or '/')
                {
                    var op = Peek;
                    _pos++;
                    var right = Unary();
                    left = op == '*' ? v => Multiply(l(v), right(v)) : v => Divide(l(v), right(v));
                }
                else if (StartsAtom())
                {
                    // Implicit product: 2\sqrt{3}, 12\pi, 3x^2, (a+1)(b+2).
                    var right = Power();
                    left = v => Multiply(l(v), right(v));
                }
                else return left;
            }
        }

        private bool StartsAtom() => Peek is '(' or '{' or '\\' or '.' || char.IsAsciiDigit(Peek) || char.IsAsciiLetter(Peek);

        private Node Unary()
        {
            SkipSpaces();
            if (Peek == '-') { _pos++; var inner = Unary(); return v => Negate(inner(v)); }
            if (Peek == '+') { _pos++; return Unary(); }
            return Power();
        }

        private Node Power()
        {
            var b = Postfix(Atom());
            SkipSpaces();
            if (Peek != '^') return b;
            _pos++;
            var e = Exponent();
            return v => Pow(b(v), e(v));
        }

        /// <summary>TeX reads one token after ^: x^2, x^{10}, 2^\pi.</summary>
        private Node Exponent()
        {
            SkipSpaces();
            if (Peek == '-') { _pos++; var inner = Exponent(); return v => Negate(inner(v)); }
            if (char.IsAsciiDigit(Peek))
            {
                var digit = Rational.FromInteger(Peek - '0');
                _pos++;
                return _ => MathValue.Of(digit);
            }
            return Atom();
        }

        private Node Postfix(Node atom)
        {
            while (Peek == '!')
            {
                _pos++;
                var inner = atom;
                atom = v => Factorial(inner(v));
            }
            return atom;
        }

        private Node Atom()
        {
            SkipSpaces();
            var c = Peek;
            if (char.IsAsciiDigit(c) || c == '.') return Number();
            if (char.IsAsciiLetter(c)) return Variable();
            if (c == '(') return Group('(', ')');
            if (c == '{') return Group('{', '}');
            if (c == '\\') return Command();
            throw Fail();
        }

        private Node Number()
        {
            var start = _pos;
            while (char.IsAsciiDigit(Peek)) _pos++;
            if (Peek == '.') { _pos++; while (char.IsAsciiDigit(Peek)) _pos++; }
            // 204_5 is a numeral in base 5, not 204.
            if (Peek == '_') throw Fail();
            if (!Rational.TryParseDecimal(text[start.._pos], out var value)) throw Fail();
            return _ => MathValue.Of(value);
        }

        private Node Variable()
        {
            var name = text[_pos].ToString();
            _pos++;
            if (Peek == '_')
            {
                _pos++;
                if (Peek == '{')
                {
                    var close = text.IndexOf('}', _pos);
                    if (close < 0) throw Fail();
                    var sub = text[(_pos + 1)..close];
                    if (sub.Length == 0 || !sub.All(char.IsAsciiLetterOrDigit)) throw Fail();
                    name += "_" + sub;
                    _pos = close + 1;
                }
                else if (char.IsAsciiLetterOrDigit(Peek)) { name += "_" + Peek; _pos++; }
                else throw Fail();
            }
            Variables.Add(name);
            return v => v.TryGetValue(name, out var r) ? MathValue.Of(r) : null;
        }

        private Node Group(char open, char close)
        {
            if (Peek != open) throw Fail();
            _pos++;
            var inner = Expression(grouped: true);
            SkipSpaces();
            if (Peek != close) throw Fail();
            _pos++;
            return inner;
        }

        private Node Command()
        {
            var start = ++_pos;
            while (char.IsAsciiLetter(Peek)) _pos++;
            var name = text[start.._pos];
            switch (name)
            {
                case "frac":
                {
                    var a = Group('{', '}');
                    var b = Group('{', '}');
                    return v => Divide(a(v), b(v));
                }
                case "binom":
                {
                    var n = Group('{', '}');
                    var k = Group('{', '}');
                    return v => Binomial(n(v), k(v));
                }
                case "sqrt":
                {
                    Node? index = null;
                    if (Peek == '[')
                    {
                        _pos++;
                        index = Expression(grouped: true);
                        if (Peek != ']') throw Fail();
                        _pos++;
                    }
                    var radicand = Group('{', '}');
                    return index is null ? v => Sqrt(radicand(v)) : v => Root(radicand(v), index(v));
                }
                case "pi":
                    return _ => MathValue.Inexact(Math.PI);
                default:
                    throw Fail();
            }
        }
    }

    private static MathValue? Add(MathValue? a, MathValue? b)
    {
        if (a is not { } x || b is not { } y) return null;
        return x.Exact is { } p && y.Exact is { } q ? MathValue.Of(p + q) : MathValue.Inexact(x.Approx + y.Approx);
    }

    private static MathValue? Negate(MathValue? a) =>
        a is not { } x ? null : x.Exact is { } p ? MathValue.Of(-p) : MathValue.Inexact(-x.Approx);

    private static MathValue? Multiply(MathValue? a, MathValue? b)
    {
        if (a is not { } x || b is not { } y) return null;
        return x.Exact is { } p && y.Exact is { } q ? MathValue.Of(p * q) : MathValue.Inexact(x.Approx * y.Approx);
    }

    private static MathValue? Divide(MathValue? a, MathValue? b)
    {
        if (a is not { } x || b is not { } y) return null;
        if (y.Exact is { IsZero: true } || y.Approx == 0) return null;
        return x.Exact is { } p && y.Exact is { } q ? MathValue.Of(p / q) : MathValue.Inexact(x.Approx / y.Approx);
    }

    private static MathValue? Pow(MathValue? a, MathValue? b)
    {
        if (a is not { } x || b is not { } y) return null;
        if (x.Exact is { } p && y.Exact is { IsInteger: true } n)
            return p.TryPow(n.Numerator, out var r) ? MathValue.Of(r) : MathValue.Inexact(Math.Pow(x.Approx, y.Approx));
        // 4^{1/2} and 8^{\frac{1}{3}}: exact when the root comes out whole.
        if (x.Exact is { } q && y.Exact is { } f && f.Denominator == 2 && q.TrySqrt(out var s) && s.TryPow(f.Numerator, out var t))
            return MathValue.Of(t);
        return MathValue.Inexact(Math.Pow(x.Approx, y.Approx));
    }

    private static MathValue? Sqrt(MathValue? a)
    {
        if (a is not { } x || x.Approx < 0) return null;
        return x.Exact is { } p && p.TrySqrt(out var r) ? MathValue.Of(r) : MathValue.Inexact(Math.Sqrt(x.Approx));
    }

    private static MathValue? Root(MathValue? a, MathValue? index)
    {
        if (a is not { } x || index is not { Exact: { IsInteger: true } n } || n.Numerator < 2 || n.Numerator > 64) return null;
        var k = (int)n.Numerator;
        if (x.Approx < 0 && k % 2 == 0) return null;
        var root = Math.Sign(x.Approx) * Math.Pow(Math.Abs(x.Approx), 1.0 / k);
        if (!double.IsFinite(root)) return null;
        // Exact when an integer (or integer ratio) raised back gives the radicand: \sqrt[3]{27} = 3.
        if (x.Exact is { } p)
        {
            var guess = new Rational(new BigInteger(Math.Round(root * 1e6)), 1_000_000);
            foreach (var candidate in new[] { Rational.FromInteger(new BigInteger(Math.Round(root))), guess })
                if (candidate.TryPow(k, out var back) && back == p) return MathValue.Of(candidate);
        }
        return MathValue.Inexact(root);
    }

    private static MathValue? Factorial(MathValue? a)
    {
        if (a is not { Exact: { IsInteger: true } n } || n.Numerator.Sign < 0 || n.Numerator > 200) return null;
        var result = BigInteger.One;
        for (var i = 2; i <= (int)n.Numerator; i++) result *= i;
        return MathValue.Of(Rational.FromInteger(result));
    }

    private static MathValue? Binomial(MathValue? a, MathValue? b)
    {
        if (a is not { Exact: { IsInteger: true } n } || b is not { Exact: { IsInteger: true } k }) return null;
        if (n.Numerator.Sign < 0 || n.Numerator > 10_000 || k.Numerator.Sign < 0) return null;
        if (k.Numerator > n.Numerator) return MathValue.Of(Rational.FromInteger(0));
        BigInteger result = 1, top = n.Numerator;
        for (BigInteger i = 1; i <= k.Numerator; i++) result = result * (top - i + 1) / i;
        return MathValue.Of(Rational.FromInteger(result));
    }
}
