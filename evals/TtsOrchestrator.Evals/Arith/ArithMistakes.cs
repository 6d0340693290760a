using System.Numerics;

namespace TtsOrchestrator.Evals.Arith;

/// <summary>
/// Plausible wrong solutions: one slip at a random step, then every later step done correctly on the
/// wrong intermediate value, the way a model's error propagates. A slip is an arithmetic error (a result
/// off by a little, or one digit changed), an operation done out of order (a + or - taken before a pending
/// *), or a copying error in the expression left after a step. Used to teach the verifier and the
/// synthesizer what wrong attempts look like before the model has attempts of its own, and by tests that
/// need wrong candidates.
/// </summary>
public static class ArithMistakes
{
    /// <summary>A worked solution (steps and <c>#### N</c> line) with exactly one slip; never the right answer's steps.</summary>
    public static string WrongSolution(ArithProblem problem, Random random)
    {
        var current = ArithExpression.Parse(problem.Expression);
        var slipAt = random.Next(current.Ops.Count);
        var lines = new List<string>();
        for (var step = 0; current.Ops.Count > 0; step++)
        {
            var i = current.CanonicalNext();
            var slip = step == slipAt;
            if (slip && random.Next(5) == 0 && OutOfOrder(current, random) is { } early)
            {
                i = early;
                slip = false; // the order is the mistake; the arithmetic itself is right
            }
            var (a, op, b) = (current.Numbers[i], current.Ops[i], current.Numbers[i + 1]);
            var c = ArithExpression.Apply(a, op, b);
            var after = current.Reduce(i, c);
            if (slip && after.Ops.Count > 0 && random.Next(5) == 0)
            {
                // A copying slip: the step is right, one other number of what is left is written wrong.
                var k = Enumerable.Range(0, after.Numbers.Count).Where(n => n != i).ElementAt(random.Next(after.Numbers.Count - 1));
                after = after.WithNumber(k, Slip(after.Numbers[k], random));
            }
            else if (slip)
            {
                c = Slip(c, random);
                after = current.Reduce(i, c);
            }
            lines.Add(ArithExpression.FormatStep(a, op, b, c, after));
            current = after;
        }
        lines.Add($"#### {current.Numbers[0]}");
        return string.Join("\n", lines);
    }

    /// <summary>A + or - that comes before a pending * and whose early reduction changes the value (0+5*3 would not), or null.</summary>
    private static int? OutOfOrder(ArithExpression current, Random random)
    {
        var value = current.Evaluate();
        var wrong = Enumerable.Range(0, current.Ops.Count)
            .Where(k => current.Ops[k] != '*' && current.Ops.Contains('*'))
            .Where(k => current.Reduce(k, ArithExpression.Apply(current.Numbers[k], current.Ops[k], current.Numbers[k + 1])).Evaluate() != value)
            .ToList();
        return wrong.Count > 0 ? wrong[random.Next(wrong.Count)] : null;
    }

    /// <summary>A nearby wrong number: off by 1..10, or one digit replaced.</summary>
    private static BigInteger Slip(BigInteger value, Random random)
    {
        if (random.Next(2) == 0)
        {
            var delta = random.Next(1, 11);
            return random.Next(2) == 0 ? value + delta : value - delta;
        }
        var digits = BigInteger.Abs(value).ToString().ToCharArray();
        var at = random.Next(digits.Length);
        var leading = at == 0 && digits.Length > 1;
        char replacement;
        do replacement = (char)('0' + random.Next(10));
        while (replacement == digits[at] || (leading && replacement == '0'));
        digits[at] = replacement;
        var wrong = BigInteger.Parse(new string(digits));
        return value.Sign < 0 ? -wrong : wrong;
    }
}
