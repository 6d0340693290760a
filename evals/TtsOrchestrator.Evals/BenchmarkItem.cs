using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals;

/// <summary>A benchmark problem with its gold answer. Strategies get <see cref="Problem"/> only; graders see the gold.</summary>
public sealed record BenchmarkItem(Problem Problem, string Gold)
{
    /// <summary>Whether <paramref name="answer"/> is the gold answer under the problem's own equivalence.</summary>
    public bool IsCorrect(string? answer) => answer is not null && Problem.AnswerFormat.AreEquivalent(answer, Gold);
}
