using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>
/// GSM8K's answer format: extraction as in <see cref="FinalAnswerFormat"/> (<c>#### N</c>, a box,
/// "the answer is"), equality as numbers read by <see cref="Gsm8kAnswer"/> so that <c>18 dollars</c>,
/// <c>$18.00</c> and <c>18</c> are one vote; anything that is not a number falls back to the general rule.
/// </summary>
public sealed class Gsm8kAnswerFormat : IAnswerFormat
{
    public static Gsm8kAnswerFormat Instance { get; } = new();

    public string? ExtractAnswer(string solution) => FinalAnswerFormat.Instance.ExtractAnswer(solution);

    public bool AreEquivalent(string first, string second) =>
        Gsm8kAnswer.TryParse(first, out var x) && Gsm8kAnswer.TryParse(second, out var y)
            ? NumericAnswer.Equal(x, y)
            : FinalAnswerFormat.Instance.AreEquivalent(first, second);
}
