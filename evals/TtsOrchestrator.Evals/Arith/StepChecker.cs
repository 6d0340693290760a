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
    /// <summary>The step is right but the expression written after it in brackets is not what it leaves.</summary>
    WrongRemainder,
}

/// <summary>
/// The verdict on one step line, and the step a verifier should redo there (null once nothing is left to reduce):
/// the line's own operation when it is a legal reduction at that point (any valid order counts), else the step the
/// canonical solution takes.
/// </summary>
public sealed record StepVerdict(string Text, StepError Error, string? Expected = null)
{
    public bool IsCorrect => Error == StepError.None;
}

/// <summary>
/// Labels each step of a candidate solution correct or not (training labels for a step verifier).
/// It replays the steps on the problem's expression. A step <c>a op b=c</c> is correct when c = a op b,
/// some neighbours <c>a op b</c> (or <c>b op a</c> for + and *) of the expression as reduced by the
/// earlier correct steps are exactly these, replacing them by c keeps the expression's value, and the
/// expression written after it in brackets (<c>a op b=c [rest]</c>, <see cref="ArithExpression.FormatStep"/>)
/// is what that leaves. So "17+25=42" in <c>17+25*3-4</c> is wrong order, and an operand that is neither in
/// the expression nor an earlier correct result is unavailable. A step without brackets (the format of
/// models trained before them) is judged on the operation alone. Rejected steps do not change the replayed
/// expression; for Math-Shepherd-style labels (all bad after the first error) a caller takes the prefix of
/// correct steps. Lines are steps up to the first <c>####</c> line; blank lines and spaces inside a line are
/// ignored.
/// </summary>
public static partial class StepChecker
{
    [GeneratedRegex(@"^(?<a>-?\d+)(?<op>[-+*])(?<b>-?\d+)=(?<c>-?\d+)(\[(?<rest>[-+*\d]+)\])?$")]
    private static partial Regex StepPattern();

    public static IReadOnlyList<StepVerdict> Check(ArithProblem problem, string solution)
    {
        var current = ArithExpression.Parse(problem.Expression);
        var verdicts = new List<StepVerdict>();
        foreach (var line in SolutionSteps.Split(solution))
        {
            // Parsed and located once: the verdict and the step to redo both depend on it.
            var step = Parse(line);
            var legal = step is var (a, op, b, _, _) ? current.LegalIndicesOf(a, op, b) : [];
            var (error, next) = Judge(current, step, legal);
            verdicts.Add(new StepVerdict(line, error, ExpectedStep(current, legal)));
            current = next ?? current;
        }
        return verdicts;
    }

    /// <summary>
    /// The step to redo at <paramref name="current"/>: the given step's own operation, done right, when that is a legal
    /// reduction here (<paramref name="legal"/> not empty); otherwise the canonical next step (products first, then
    /// left to right), so a step in the wrong order is redone as the step that should have come.
    /// </summary>
    private static string? ExpectedStep(ArithExpression current, IReadOnlyList<int> legal) =>
        current.Ops.Count == 0 ? null : current.WorkStep(legal.Count > 0 ? legal[0] : current.CanonicalNext()).Line;

    private readonly record struct Step(BigInteger A, char Op, BigInteger B, BigInteger C, string? Rest);

    private static Step? Parse(string line)
    {
        var match = StepPattern().Match(string.Concat(line.Where(c => !char.IsWhiteSpace(c))));
        if (!match.Success) return null;
        var rest = match.Groups["rest"];
        return new Step(BigInteger.Parse(match.Groups["a"].Value), match.Groups["op"].Value[0], BigInteger.Parse(match.Groups["b"].Value),
            BigInteger.Parse(match.Groups["c"].Value), rest.Success ? rest.Value : null);
    }

    /// <summary>The error, and on success the expression after the step.</summary>
    private static (StepError, ArithExpression?) Judge(ArithExpression current, Step? step, IReadOnlyList<int> legal)
    {
        if (step is not var (a, op, b, c, rest)) return (StepError.Malformed, null);
        if (ArithExpression.Apply(a, op, b) != c) return (StepError.WrongResult, null);
        if (legal.Count == 0) return (current.Neighbours(a, op, b).Any() ? StepError.WrongOrder : StepError.OperandsUnavailable, null);
        // With repeated neighbours (3+4+3+4) the brackets say which of them the step reduced.
        var after = legal.Select(i => current.Reduce(i, c)).FirstOrDefault(e => rest is null || e.ToString() == rest);
        return after is null ? (StepError.WrongRemainder, null) : (StepError.None, after);
    }
}
