using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals;

/// <summary>A benchmark problem with its gold answer. Strategies get <see cref="Problem"/> only; graders see the gold.</summary>
public sealed record BenchmarkItem(Problem Problem, string Gold)
{
    /// <summary>
    /// Decides correctness by running the answer (code tasks: hidden tests in a sandbox). Null for items whose
    /// answers are compared with <see cref="Gold"/>; there <see cref="Gold"/> is only a reference solution.
    /// </summary>
    public IAnswerGrader? Grader { get; init; }

    /// <summary>Whether <paramref name="answer"/> is the gold answer under the problem's own equivalence.</summary>
    /// <exception cref="InvalidOperationException">The item is graded by execution; use <see cref="GradeAsync"/>.</exception>
    public bool IsCorrect(string? answer) => Grader is null
        ? answer is not null && Problem.AnswerFormat.AreEquivalent(answer, Gold)
        : throw new InvalidOperationException($"{Problem.Id} is graded by running its answer; call GradeAsync");

    /// <summary>The verdict on <paramref name="answer"/> for every kind of item: execution when there is a grader, else <see cref="IsCorrect"/>.</summary>
    public async Task<Grade> GradeAsync(string? answer, CancellationToken ct = default)
    {
        if (Grader is not null) return await Grader.GradeAsync(answer, ct).ConfigureAwait(false);
        if (answer is null) return Grade.Fail("no answer");
        return IsCorrect(answer) ? Grade.Pass("equals the gold answer") : Grade.Fail("differs from the gold answer");
    }
}
