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
        var expressionParsed = ArithExpression.Parse(expression);
        var (steps, answer) = Work(expressionParsed, current => current.CanonicalNext());
        return new ArithProblem(id, expression, expressionParsed.Ops.Count, steps, answer);
    }

    /// <summary>
    /// A worked solution in a random valid order: any product first, sums and differences wherever that keeps the value
    /// (<see cref="ArithExpression.LegalNext"/>; every step is right by <see cref="StepChecker"/>), a negative result
    /// only at the front as the canonical order also writes it. The canonical solution is one of these.
    /// </summary>
    public string SolutionInRandomOrder(Random random)
    {
        var (steps, _) = Work(ArithExpression.Parse(Expression), current =>
        {
            var legal = current.LegalNext();
            var plain = legal.Where(i => i == 0 || ArithExpression.Apply(current.Numbers[i], current.Ops[i], current.Numbers[i + 1]) >= 0).ToList();
            return plain.Count > 0 ? plain[random.Next(plain.Count)] : current.CanonicalNext();
        });
        return string.Join("\n", steps.Append($"#### {Answer}"));
    }

    /// <summary>Reduces <paramref name="current"/> to one number, taking the reduction <paramref name="next"/> picks each time.</summary>
    private static (List<string> Steps, string Answer) Work(ArithExpression current, Func<ArithExpression, int> next)
    {
        var steps = new List<string>(current.Ops.Count);
        while (current.Ops.Count > 0)
        {
            (var line, current) = current.WorkStep(next(current));
            steps.Add(line);
        }
        return (steps, current.Numbers[0].ToString());
    }
}
