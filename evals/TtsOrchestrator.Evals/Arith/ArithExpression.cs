using System.Numerics;
using System.Text;

namespace TtsOrchestrator.Evals.Arith;

/// <summary>
/// A flat expression <c>n0 op0 n1 op1 … nk</c> over + - * with the usual precedence (* first, then
/// left to right). Solving it is a sequence of reductions of neighbours <c>n[i] op[i] n[i+1]</c>, which
/// is also how <see cref="StepChecker"/> replays a candidate's steps. Big integers so that a checked
/// candidate's made-up numbers can never overflow.
/// </summary>
internal sealed class ArithExpression
{
    public IReadOnlyList<BigInteger> Numbers { get; }
    public IReadOnlyList<char> Ops { get; }

    public ArithExpression(IReadOnlyList<BigInteger> numbers, IReadOnlyList<char> ops)
    {
        if (numbers.Count != ops.Count + 1) throw new ArgumentException("An expression has one number more than operators.");
        Numbers = numbers;
        Ops = ops;
    }

    /// <summary>Reads what <see cref="ToString"/> writes: non-negative integers joined by + - * without spaces.</summary>
    public static ArithExpression Parse(string expression)
    {
        var numbers = new List<BigInteger>();
        var ops = new List<char>();
        var digits = new StringBuilder();
        foreach (var c in expression)
        {
            if (char.IsAsciiDigit(c)) { digits.Append(c); continue; }
            if (!IsOperator(c) || digits.Length == 0) throw new FormatException($"'{expression}' is not an arith expression");
            numbers.Add(BigInteger.Parse(digits.ToString()));
            digits.Clear();
            ops.Add(c);
        }
        if (digits.Length == 0) throw new FormatException($"'{expression}' is not an arith expression");
        numbers.Add(BigInteger.Parse(digits.ToString()));
        return new ArithExpression(numbers, ops);
    }

    public static bool IsOperator(char c) => c is '+' or '-' or '*';

    public static BigInteger Apply(BigInteger a, char op, BigInteger b) => op switch
    {
        '+' => a + b,
        '-' => a - b,
        '*' => a * b,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an arith operator"),
    };

    /// <summary>The value: products of neighbours first, then sums and differences left to right.</summary>
    public BigInteger Evaluate()
    {
        var total = BigInteger.Zero;
        var sign = 1;
        var term = Numbers[0];
        for (var i = 0; i < Ops.Count; i++)
        {
            if (Ops[i] == '*') { term *= Numbers[i + 1]; continue; }
            total += sign * term;
            sign = Ops[i] == '+' ? 1 : -1;
            term = Numbers[i + 1];
        }
        return total + sign * term;
    }

    /// <summary>The reduction the worked solutions take next: the first product, else the leftmost operation.</summary>
    public int CanonicalNext() => Math.Max(0, Ops.ToList().IndexOf('*'));

    /// <summary>
    /// Every reduction that keeps the expression's value (any product; a sum or difference whose operands are not
    /// factors of a neighbouring product and that is not subtracted from what precedes it), in left-to-right order.
    /// </summary>
    public IReadOnlyList<int> LegalNext()
    {
        var value = Evaluate();
        return [.. Enumerable.Range(0, Ops.Count).Where(i => Reduce(i, Apply(Numbers[i], Ops[i], Numbers[i + 1])).Evaluate() == value)];
    }

    /// <summary>The positions i where <c>n[i] op n[i+1]</c> is <c>a op b</c> (or <c>b op a</c> for + and *).</summary>
    public IEnumerable<int> Neighbours(BigInteger a, char op, BigInteger b) => Enumerable.Range(0, Ops.Count).Where(i =>
        Ops[i] == op && ((Numbers[i] == a && Numbers[i + 1] == b) || (op != '-' && Numbers[i] == b && Numbers[i + 1] == a)));

    /// <summary>The positions of the neighbours <c>a op b</c> whose reduction keeps the value, in left-to-right order.</summary>
    public IReadOnlyList<int> LegalIndicesOf(BigInteger a, char op, BigInteger b)
    {
        var value = Evaluate();
        return [.. Neighbours(a, op, b).Where(i => Reduce(i, Apply(a, op, b)).Evaluate() == value)];
    }

    /// <summary>This expression with <c>n[i] op[i] n[i+1]</c> replaced by <paramref name="result"/>.</summary>
    public ArithExpression Reduce(int i, BigInteger result)
    {
        var numbers = Numbers.ToList();
        var ops = Ops.ToList();
        numbers[i] = result;
        numbers.RemoveAt(i + 1);
        ops.RemoveAt(i);
        return new ArithExpression(numbers, ops);
    }

    public override string ToString()
    {
        var text = new StringBuilder(Numbers[0].ToString());
        for (var i = 0; i < Ops.Count; i++) text.Append(Ops[i]).Append(Numbers[i + 1]);
        return text.ToString();
    }

    /// <summary>This expression with number <paramref name="k"/> replaced (a copying slip).</summary>
    public ArithExpression WithNumber(int k, BigInteger value)
    {
        var numbers = Numbers.ToList();
        numbers[k] = value;
        return new ArithExpression(numbers, Ops);
    }

    /// <summary>Reduces <c>n[i] op[i] n[i+1]</c> and writes the step's line (<see cref="FormatStep"/>).</summary>
    public (string Line, ArithExpression After) WorkStep(int i)
    {
        var (a, op, b) = (Numbers[i], Ops[i], Numbers[i + 1]);
        var c = Apply(a, op, b);
        var after = Reduce(i, c);
        return (FormatStep(a, op, b, c, after), after);
    }

    /// <summary>
    /// One worked step: <c>a op b=c</c>, then the expression left after it in brackets, <c>38-12=26 [47+26+24]</c>
    /// (left out once a single number remains: that is c). The brackets make every step local: the next one reads
    /// what is left from the line above instead of keeping track of it, which a 4-layer model could not do for the
    /// orders it samples.
    /// </summary>
    public static string FormatStep(BigInteger a, char op, BigInteger b, BigInteger c, ArithExpression after) =>
        after.Ops.Count == 0 ? $"{a}{op}{b}={c}" : $"{a}{op}{b}={c} [{after}]";
}
