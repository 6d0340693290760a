namespace TtsOrchestrator.Evals.Arith;

/// <summary>
/// One generated arithmetic problem with its worked solution: <see cref="Level"/> binary operations,
/// one step per operation in evaluation order (* before + and -, otherwise left to right).
/// Record equality compares <see cref="Steps"/> by reference; compare <see cref="Solution"/> for content.
/// </summary>
public sealed record ArithProblem(string Id, string Expression, int Level, IReadOnlyList<string> Steps, string Answer)
{
    /// <summary>What the model should write: the steps one per line, then the GSM8K answer line.</summary>
    public string Solution => string.Join("\n", Steps.Append($"#### {Answer}"));

    /// <summary>Solves <paramref name="expression"/> (e.g. <c>17+25*3-4</c>) step by step.</summary>
    public static ArithProblem Create(string id, string expression)
    {
        var current = ArithExpression.Parse(expression);
        var level = current.Ops.Count;
        var steps = new List<string>(level);
        while (current.Ops.Count > 0)
        {
            var i = current.CanonicalNext();
            var (a, op, b) = (current.Numbers[i], current.Ops[i], current.Numbers[i + 1]);
            var c = ArithExpression.Apply(a, op, b);
            steps.Add(ArithExpression.FormatStep(a, op, b, c));
            current = current.Reduce(i, c);
        }
        return new ArithProblem(id, expression, level, steps, current.Numbers[0].ToString());
    }
}
