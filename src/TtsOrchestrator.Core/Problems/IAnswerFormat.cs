namespace TtsOrchestrator.Core.Problems;

/// <summary>
/// How a task reads answers: what the final answer of a solution is, and when two answers mean the
/// same. Supplied by the task (GSM8K, MATH, code…), so strategies vote and compare without knowing
/// the benchmark — "1/2" and "0.5" fall into one group when the task says they are equal.
/// </summary>
public interface IAnswerFormat
{
    /// <summary>The final answer of a solution, or null when it states none.</summary>
    string? ExtractAnswer(string solution);

    /// <summary>Whether two extracted answers are the same answer.</summary>
    bool AreEquivalent(string first, string second);
}
