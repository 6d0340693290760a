namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// Grades one code item: turns an answer into the candidate program (<paramref name="candidate"/>, null when the
/// answer holds no code) and runs the item's hidden <paramref name="tests"/> on it in the sandbox.
/// </summary>
public sealed class CodeTestGrader(CodeGrader grader, Func<string?, string?> candidate, string tests) : IAnswerGrader
{
    public Task<Grade> GradeAsync(string? answer, CancellationToken ct = default) =>
        candidate(answer) is { } code
            ? grader.RunTestsAsync(code, tests, ct)
            : Task.FromResult(Grade.Fail("no code in the answer"));
}
