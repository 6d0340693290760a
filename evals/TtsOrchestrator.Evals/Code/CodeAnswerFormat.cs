using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// The answer of a code task is its program text (from <see cref="CodeExtraction"/>). Two programs count as the
/// same answer for voting when they differ only in blank lines, trailing spaces and whole-line comments; whether
/// one is right is decided by running the tests (<see cref="CodeTestGrader"/>), never by this comparison.
/// </summary>
public sealed class CodeAnswerFormat(Func<string, string?> extract) : IAnswerFormat
{
    /// <summary>Completions that hold a whole program or function (MBPP, free-form code questions).</summary>
    public static CodeAnswerFormat WholeProgram { get; } = new(CodeExtraction.FromCompletion);

    public string? ExtractAnswer(string solution) => extract(solution);

    public bool AreEquivalent(string first, string second) => Normalize(first) == Normalize(second);

    private static string Normalize(string code) => string.Join('\n', code.Replace("\r\n", "\n").Split('\n')
        .Select(l => l.TrimEnd())
        .Where(l => l.Length > 0 && !l.TrimStart().StartsWith('#')));
}
