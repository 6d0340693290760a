namespace TtsOrchestrator.Evals;

/// <summary>
/// Decides whether an answer is right by doing something with it (running tests) rather than comparing it with
/// a gold string. Set on <see cref="BenchmarkItem.Grader"/>; nothing about it is visible to strategies.
/// </summary>
public interface IAnswerGrader
{
    /// <summary>The verdict on <paramref name="answer"/> (the extracted answer or a raw completion; null = none).</summary>
    Task<Grade> GradeAsync(string? answer, CancellationToken ct = default);
}
