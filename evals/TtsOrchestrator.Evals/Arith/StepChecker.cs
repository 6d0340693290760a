using System.Numerics;
using System.Text.RegularExpressions;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.Arith;

/// <summary>Why a step of a candidate solution was rejected.</summary>
public enum StepError
{
    None,
    /// <summary>Not of the form <c>a op b=c</c> with integers and one of + - *.</summary>
    Malformed,
    /// <summary><c>c</c> is not <c>a op b</c>.</summary>
    WrongResult,
    /// <summary><c>a op b</c> is not an operation between neighbours of the expression as reduced so far.</summary>
    OperandsUnavailable,
    /// <summary>The operation exists but doing it now changes the expression's value (e.g. + before *).</summary>
    WrongOrder,
}

/// <summary>The verdict on one step line, and the step the canonical solution takes at that point (null once nothing is left to reduce).</summary>
public sealed record StepVerdict(string Text, StepError Error, string? Expected = null)
{
    public bool IsCorrect => Error == StepError.None;
}

/// <summary>
/// Labels each step of a candidate solution correct or not (training labels for a step verifier).
/// It replays the steps on the problem's expression. A step <c>a op b=c</c> is correct when c = a op b,
/// some neighbours <c>a op b</c> (or <c>b op a</c> for + and *) of the expression as reduced by the
/// earlier correct steps are exactly these, and replacing them by c keeps the expression's value. So
/// "17+25=42" in <c>17+25*3-4</c> is wrong order, and an operand that is neither in the expression nor an
/// earlier correct result is unavailable. Rejected steps do not change the replayed expression; for
/// Math-Shepherd-style labels (all bad after the first error) a caller takes the prefix of correct steps.
/// Lines are steps up to the first <c>####</c> line; blank lines and spaces inside a line are ignored.
/// </summary>
public static partial class StepChecker
{
    [GeneratedRegex(@"^(?<a>-?\d+)(?<op>[-+*])(?<b>-?\d+)=(?<c>-?\d+)$")]
    private static partial Regex StepPattern();

    public static IReadOnlyList<StepVerdict> Check(ArithProblem problem, string solution)
    {
        var current = ArithExpression.Parse(problem.Expression);
        var value = current.Evaluate();
        var verdicts = new List<StepVerdict>();
        foreach (var line in SolutionSteps.Split(solution))
        {
            var (error, next) = Judge(current, value, line);
            verdicts.Add(new StepVerdict(line, error, ExpectedStep(current)));
            current = next ?? current;
        }
        return verdicts;
    }

    /// <summary>The canonical next step of <paramref name="current"/> (products first, then left to right).</summary>
    private static string? ExpectedStep(ArithExpression current)
    {
        if (current.Ops.Count == 0) return null;
        var i = current.CanonicalNext();
        var (a, op, b) = (current.Numbers[i], current.Ops[i], current.Numbers[i + 1]);
        return ArithExpression.FormatStep(a, op, b, ArithExpression.Apply(a, op, b));
    }

    /// <summary>The error, and on success the expression after the step.</summary>
    private static (StepError, ArithExpression?) Judge(ArithExpression current, BigInteger value, string line)
    {
        var match = StepPattern().Match(string.Concat(line.Where(c => !char.IsWhiteSpace(c))));
        if (!match.Success) return (StepError.Malformed, null);
        var a = BigInteger.Parse(match.Groups["a"].Value);
        var op = match.Groups["op"].Value[0];
        var b = BigInteger.Parse(match.Groups["b"].Value);
        var c = BigInteger.Parse(match.Groups["c"].Value);
        if (ArithExpression.Apply(a, op, b) != c) return (StepError.WrongResult, null);

        var commutative = op != '-';
        var found = false;
        for (var i = 0; i < current.Ops.Count; i++)
        {
            var (left, right) = (current.Numbers[i], current.Numbers[i + 1]);
            if (current.Ops[i] != op || !((left == a && right == b) || (commutative && left == b && right == a))) continue;
            found = true;
            var reduced = current.Reduce(i, c);
            if (reduced.Evaluate() == value) return (StepError.None, reduced);
        }
        return (found ? StepError.WrongOrder : StepError.OperandsUnavailable, null);
    }
}
