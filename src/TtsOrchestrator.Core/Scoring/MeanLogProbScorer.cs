using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Core.Scoring;

/// <summary>
/// The model's own confidence as an outcome score: the mean log-probability of the solution's
/// tokens. Free (engines report it with every completion) but weaker than a trained verifier.
/// Candidates without a known log-prob score negative infinity.
/// </summary>
public sealed class MeanLogProbScorer : IOutcomeScorer
{
    public string Name => "logprob";

    public Task<IReadOnlyList<double>> ScoreAsync(Problem problem, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<double>>(candidates.Select(c => c.MeanLogProb ?? double.NegativeInfinity).ToList());
}
