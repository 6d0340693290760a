using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Scoring;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// The <c>verifier</c> and <c>agg</c> spec keys of the strategies that select or weight by a verifier, and scoring
/// through <see cref="SolutionScoring"/> with the run's metered models, so verifier calls count against the budget
/// and show in the cost.
/// </summary>
public static class CandidateScoring
{
    public static IReadOnlyList<SpecKey> Keys(string defaultVerifier) =>
    [
        SpecKey.Choice("verifier", defaultVerifier, SolutionScoring.Verifiers,
            "prm: the model's step verifier; judge: the model asked yes/no per solution; logprob: mean token log-probability; self-certainty: mean KL(uniform ‖ p) (in-process engine)"),
        SpecKey.Choice("agg", "min", SolutionScoring.Aggregations, "how prm folds step scores into one (min = weakest step)"),
    ];

    /// <summary>The sampling request, asking the engine for self-certainty when the spec's verifier needs it.</summary>
    public static Core.Generation.GenerationRequest Request(SpecValues spec, Core.Generation.Prompt prompt, int n, ulong seed) =>
        SamplingKeys.Request(spec, prompt, n, seed) with { SelfCertainty = spec.Choice("verifier") == "self-certainty" };

    /// <summary>The candidates with their scores, higher is better; candidates without an answer get negative infinity.</summary>
    public static async Task<IReadOnlyList<Candidate>> ScoreAsync(StrategyRun run, SpecValues spec, IReadOnlyList<Candidate> candidates)
    {
        var scores = await SolutionScoring.ScoreAsync(spec.Choice("verifier"), spec.Choice("agg"), run.Problem, candidates, run.MeteredVerifier, run.Token)
            .ConfigureAwait(false);
        return [.. candidates.Select((c, i) => c with { Score = scores[i] })];
    }
}
