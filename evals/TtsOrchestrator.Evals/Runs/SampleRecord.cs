using System.Text.Json.Serialization;
using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Evals.Runs;

/// <summary>One raw sample of <c>tts sample</c>: its text, the task's extracted answer and the grader's verdict on it.</summary>
/// <param name="Answer">The extracted answer; null when the text states none (then <paramref name="Correct"/> is false).</param>
/// <param name="Correct">The verdict of <see cref="BenchmarkItem.GradeAsync"/> (code tasks: the hidden tests, run in the sandbox).</param>
/// <param name="Tokens">Generated tokens.</param>
public sealed record SampleRecord(string? Answer, bool Correct, int Tokens, FinishReason FinishReason, string Text)
{
    /// <summary>The verifier's score (<c>tts sample --verifier</c>; negative infinity without an answer); not written when unscored.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Score { get; init; }
}
