using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Core.Strategies;

/// <summary>One sampled solution with what the strategy made of it.</summary>
/// <param name="Index">Order in which the strategy obtained it (0-based); ties are broken by it.</param>
/// <param name="Answer">The task's extracted final answer, or null when the solution states none.</param>
/// <param name="Score">Verifier or strategy score, when the strategy computes one.</param>
public sealed record Candidate(
    int Index,
    string Text,
    string? Answer,
    double? Score,
    int GeneratedTokens,
    FinishReason FinishReason,
    double? MeanLogProb)
{
    /// <summary>The completion's self-certainty when the engine reported it (see <see cref="Generation.GenerationRequest.SelfCertainty"/>).</summary>
    public double? SelfCertainty { get; init; }

    public static Candidate From(int index, Completion completion, string? answer, double? score = null) =>
        new(index, completion.Text, answer, score, completion.GeneratedTokens, completion.FinishReason, completion.MeanLogProb)
        {
            SelfCertainty = completion.SelfCertainty,
        };
}

/// <summary>One answer group of a vote: its representative answer, supporters and share.</summary>
/// <param name="Weight">Sum of supporter weights (equals <see cref="Count"/> for unweighted votes).</param>
/// <param name="Share">Weight / total weight.</param>
public sealed record AnswerVote(string Answer, int Count, double Weight, double Share, IReadOnlyList<int> Supporters);

/// <summary>The outcome of <see cref="IStrategy.SolveAsync"/>.</summary>
public sealed record StrategyResult
{
    /// <summary>The canonical spec of the strategy that ran (all keys, defaults filled in).</summary>
    public required string Strategy { get; init; }
    /// <summary>The chosen answer; null when no candidate gave one.</summary>
    public required string? Answer { get; init; }
    /// <summary>The candidate the answer was taken from (its text is the full solution).</summary>
    public int? ChosenCandidate { get; init; }
    public required IReadOnlyList<Candidate> Candidates { get; init; }
    /// <summary>Answer groups, best first, when the strategy votes.</summary>
    public IReadOnlyList<AnswerVote> Votes { get; init; } = [];
    public required CostSummary Cost { get; init; }
    public required StopReason StopReason { get; init; }
    public required Budget Budget { get; init; }
    public required IReadOnlyList<TraceEvent> Trace { get; init; }
}
