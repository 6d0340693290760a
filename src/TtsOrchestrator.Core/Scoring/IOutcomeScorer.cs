using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Core.Scoring;

/// <summary>
/// Scores whole solutions (an outcome verifier): higher is better, comparable within one call.
/// Takes all candidates at once so a model-based scorer can batch them.
/// </summary>
public interface IOutcomeScorer
{
    string Name { get; }

    Task<IReadOnlyList<double>> ScoreAsync(Problem problem, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken = default);
}

/// <summary>
/// Scores each step of partial solutions (a process verifier), for tree search and step-level
/// best-of-N. Entry [i][j] is the score of step j of solution i, in [0, 1].
/// </summary>
public interface IProcessScorer
{
    string Name { get; }

    Task<IReadOnlyList<IReadOnlyList<double>>> ScoreStepsAsync(
        Problem problem, IReadOnlyList<IReadOnlyList<string>> stepsPerSolution, CancellationToken cancellationToken = default);
}
