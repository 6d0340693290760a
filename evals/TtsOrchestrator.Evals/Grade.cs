using TtsOrchestrator.Evals.Code;

namespace TtsOrchestrator.Evals;

/// <summary>A grader's verdict on one answer, with a short reason a person can read in a report.</summary>
public sealed record Grade(bool Passed, string Reason)
{
    /// <summary>The sandboxed run behind the verdict, when the answer was executed.</summary>
    public SandboxResult? Run { get; init; }

    public static Grade Pass(string reason = "passed") => new(true, reason);
    public static Grade Fail(string reason) => new(false, reason);
}
