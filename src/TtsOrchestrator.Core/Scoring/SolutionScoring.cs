using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Core.Scoring;

/// <summary>
/// Scores whole solutions with a verifier by name, for strategies that select or weight and for <c>tts sample</c>,
/// which stores the scores so a verifier's error rates can be measured offline: <c>prm</c> (the step verifier,
/// <see cref="PromptedStepVerifier"/>, per-step scores folded by an aggregation), <c>judge</c>
/// (<see cref="PromptedJudge"/>), <c>logprob</c> (mean token log-probability, free) or <c>self-certainty</c> (reported by
/// the in-process engine). Higher is better; a candidate without an answer scores negative infinity.
/// </summary>
public static class SolutionScoring
{
    public static readonly IReadOnlyList<string> Verifiers = ["prm", "judge", "logprob", "self-certainty"];
    public static readonly IReadOnlyList<string> Aggregations = ["min", "last", "prod", "mean"];

    /// <param name="verifierModel">The model that answers a verifier prompt, given the prompt's purpose ("verify", "judge"), so the caller can meter it.</param>
    public static async Task<IReadOnlyList<double>> ScoreAsync(string verifier, string aggregation, Problem problem, IReadOnlyList<Candidate> candidates,
        Func<string, IGenerator> verifierModel, CancellationToken cancellationToken)
    {
        IReadOnlyList<double> scores;
        switch (verifier)
        {
            case "logprob":
                scores = await new MeanLogProbScorer().ScoreAsync(problem, candidates, cancellationToken).ConfigureAwait(false);
                break;
            case "judge":
                scores = await new PromptedJudge(verifierModel("judge")).ScoreAsync(problem, candidates, cancellationToken).ConfigureAwait(false);
                break;
            case "self-certainty":
                scores = [.. candidates.Select(c => c.SelfCertainty ?? throw new InvalidOperationException(
                    $"verifier=self-certainty needs an engine that reports self-certainty ({problem.Id}); use the in-process engine or verifier=logprob"))];
                break;
            case "prm":
                var steps = candidates.Select(c => SolutionSteps.Split(c.Text)).ToList();
                var perStep = await new PromptedStepVerifier(verifierModel("verify")).ScoreStepsAsync(problem, steps, cancellationToken).ConfigureAwait(false);
                scores = [.. perStep.Select(s => Aggregate(s, aggregation))];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(verifier), verifier, $"unknown verifier; one of {string.Join(", ", Verifiers)}");
        }
        return [.. candidates.Select((c, i) => c.Answer is null ? double.NegativeInfinity : scores[i])];
    }

    /// <summary>Folds step scores: a solution is as good as its weakest step (min), its last step, all steps (prod) or on average.</summary>
    public static double Aggregate(IReadOnlyList<double> steps, string how) => steps.Count == 0 ? 0 : how switch
    {
        "min" => steps.Min(),
        "last" => steps[^1],
        "prod" => steps.Aggregate(1.0, (p, s) => p * s),
        "mean" => steps.Average(),
        _ => throw new ArgumentOutOfRangeException(nameof(how), how, "unknown aggregation"),
    };
}
