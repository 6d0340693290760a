namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// One problem's stored samples in drawing order: the input of every curve in this folder. Answers
/// drive votes (equal non-null strings vote together, null never wins); correctness drives coverage.
/// Samples that share an answer must agree on correctness, so a vote's winner is right or wrong as a
/// whole.
/// </summary>
public sealed record ProblemSamples
{
    public ProblemSamples(string id, string? difficulty, IReadOnlyList<string?> answers, IReadOnlyList<bool> correct)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(correct);
        if (answers.Count != correct.Count)
            throw new ArgumentException($"problem {id}: {answers.Count} answers but {correct.Count} correctness flags; they must pair up");
        if (answers.Count == 0) throw new ArgumentException($"problem {id} has no samples; curves need at least one");
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            if (answers[i] is not { } a) continue;
            if (verdicts.TryGetValue(a, out var ok) && ok != correct[i])
                throw new ArgumentException($"problem {id}: samples answering \"{a}\" are graded both correct and wrong; equal answers must share a grade");
            verdicts[a] = correct[i];
        }
        Id = id;
        Difficulty = difficulty;
        Answers = answers.ToArray();
        Correct = correct.ToArray();
        C = Correct.Count(c => c);
    }

    public string Id { get; }
    /// <summary>Difficulty tag when the benchmark has one, so curves can be split by it.</summary>
    public string? Difficulty { get; }
    /// <summary>The extracted answer of each sample in drawing order; null = no answer.</summary>
    public IReadOnlyList<string?> Answers { get; }
    /// <summary>Whether each sample was graded correct; same length as <see cref="Answers"/>.</summary>
    public IReadOnlyList<bool> Correct { get; }
    /// <summary>Number of samples.</summary>
    public int N => Answers.Count;
    /// <summary>Number of correct samples.</summary>
    public int C { get; }
}
