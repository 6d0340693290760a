using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Scoring;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// Scores sampled candidates with the verifier a spec names, for the strategies that select or weight by a
/// verifier: <c>prm</c> (the generator's own step verifier, <see cref="PromptedStepVerifier"/>, per-step scores
/// folded by <c>agg</c>), <c>judge</c> (<see cref="PromptedJudge"/>, yes/no per solution, for instruction models),
/// <c>logprob</c> (mean token log-probability, free) or <c>self-certainty</c> (reported by the in-process engine). Model calls go through the run, so
/// they count against the budget and show in the cost.
/// </summary>
public static class CandidateScoring
{
    public static IReadOnlyList<SpecKey> Keys(string defaultVerifier) =>
    [
        SpecKey.Choice("verifier", defaultVerifier, ["prm", "judge", "logprob", "self-certainty"],
            "prm: the model's step verifier; judge: the model asked yes/no per solution; logprob: mean token log-probability; self-certainty: mean KL(uniform ‖ p) (in-process engine)"),
        SpecKey.Choice("agg", "min", ["min", "last", "prod", "mean"], "how prm folds step scores into one (min = weakest step)"),
    ];

    /// <summary>The sampling request, asking the engine for self-certainty when the spec's verifier needs it.</summary>
    public static Core.Generation.GenerationRequest Request(SpecValues spec, Core.Generation.Prompt prompt, int n, ulong seed) =>
        SamplingKeys.Request(spec, prompt, n, seed) with { SelfCertainty = spec.Choice("verifier") == "self-certainty" };

    /// <summary>One score per candidate, higher is better; candidates without an answer get negative infinity.</summary>
    public static async Task<IReadOnlyList<Candidate>> ScoreAsync(StrategyRun run, SpecValues spec, IReadOnlyList<Candidate> candidates)
    {
        IReadOnlyList<double> scores;
        if (spec.Choice("verifier") == "logprob")
            scores = await new MeanLogProbScorer().ScoreAsync(run.Problem, candidates, run.Token).ConfigureAwait(false);
        else if (spec.Choice("verifier") == "judge")
            scores = await new PromptedJudge(run.MeteredVerifier("judge")).ScoreAsync(run.Problem, candidates, run.Token).ConfigureAwait(false);
        else if (spec.Choice("verifier") == "self-certainty")
            scores = [.. candidates.Select(c => c.SelfCertainty ?? throw new InvalidOperationException(
                $"verifier=self-certainty needs an engine that reports self-certainty ({run.Problem.Id}); use the in-process engine or verifier=logprob"))];
        else
        {
            var steps = candidates.Select(c => SolutionSteps.Split(c.Text)).ToList();
            var perStep = await new PromptedStepVerifier(run.MeteredVerifier("verify")).ScoreStepsAsync(run.Problem, steps, run.Token).ConfigureAwait(false);
            scores = [.. perStep.Select(s => Aggregate(s, spec.Choice("agg")))];
        }
        return [.. candidates.Select((c, i) => c with { Score = c.Answer is null ? double.NegativeInfinity : scores[i] })];
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
