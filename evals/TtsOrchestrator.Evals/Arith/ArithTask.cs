using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.Arith;

/// <summary>
/// The chat format shared by training and evaluation: the user asks <c>What is 17+25*3-4?</c>, the
/// assistant answers with <see cref="ArithProblem.Solution"/>. No instruction text: the model is trained
/// on exactly this format, and the <c>#### N</c> line is what <see cref="FinalAnswerFormat"/> reads.
/// </summary>
public static class ArithTask
{
    public const string QuestionTemplate = "What is {0}?";

    public static string Question(ArithProblem problem) => string.Format(QuestionTemplate, problem.Expression);

    /// <summary>
    /// A bare expression such as <c>17 + 25*3 - 4</c> asked the way the task (and the embedded model) asks it,
    /// "What is 17+25*3-4?"; any other text is returned unchanged.
    /// </summary>
    public static string AsQuestion(string text)
    {
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        try
        {
            return compact.Any(ArithExpression.IsOperator) ? string.Format(QuestionTemplate, ArithExpression.Parse(compact)) : text;
        }
        catch (FormatException)
        {
            return text;
        }
    }

    /// <summary>A training example: the user's question and the worked solution.</summary>
    public static IReadOnlyList<PromptMessage> ToChat(ArithProblem problem) =>
        [PromptMessage.User(Question(problem)), PromptMessage.Assistant(problem.Solution)];

    public static Problem ToProblem(ArithProblem problem) => new()
    {
        Id = problem.Id,
        Question = Question(problem),
        Prompt = Prompt.FromQuestion(Question(problem)),
        AnswerFormat = FinalAnswerFormat.Instance,
        Difficulty = problem.Level.ToString(),
    };

    public static BenchmarkItem ToBenchmarkItem(ArithProblem problem) => new(ToProblem(problem), problem.Answer);

    /// <summary>
    /// The <c>arith</c> benchmark: the fixed test split. With a <paramref name="limit"/>, the first problems of every
    /// level in turn (level 1, 2, …, 6, 1, 2, …), so a small run still spans all difficulties.
    /// </summary>
    public static IReadOnlyList<BenchmarkItem> Load(int? limit = null)
    {
        var problems = limit is null
            ? ArithSplits.Test
            : ArithSplits.Test.GroupBy(p => p.Level).SelectMany(g => g.Select((p, i) => (p, i))).OrderBy(x => x.i).ThenBy(x => x.p.Level).Select(x => x.p).Take(limit.Value);
        return problems.Select(ToBenchmarkItem).ToList();
    }
}
