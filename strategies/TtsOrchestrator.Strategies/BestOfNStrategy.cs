using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// Best-of-N: N samples in one call, each scored by a verifier (<see cref="CandidateScoring"/>); the answer of the
/// highest-scoring sample wins (the earliest on a tie). Unlike voting it can pick a right answer that only one
/// sample found, and it is only as good as the verifier.
/// </summary>
public sealed class BestOfNStrategy(SpecValues spec) : IStrategy
{
    public static StrategyDescriptor Descriptor { get; } = new(
        "best-of-n",
        "sample n, answer with the sample a verifier scores highest",
        [SpecKey.Integer("n", 16, 1, 1024, "samples, drawn in one batched call"), .. CandidateScoring.Keys("prm"), .. SamplingKeys.With(defaultTemperature: 0.8)],
        spec => new BestOfNStrategy(spec)) { Example = "best-of-n:n=16,verifier=prm,agg=min" };

    public string Spec => spec.Canonical;

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var completions = await run.SampleAsync(CandidateScoring.Request(spec, problem.Prompt, spec.Integer("n"), run.SeedFor(0))).ConfigureAwait(false);
        var sampled = completions.Select((c, i) => Candidate.From(i, c, problem.AnswerFormat.ExtractAnswer(c.Text))).ToList();
        var candidates = await CandidateScoring.ScoreAsync(run, spec, sampled).ConfigureAwait(false);
        foreach (var c in candidates)
            run.Trace.Add($"candidate {c.Index}: answer {(c.Answer is null ? "(none)" : $"'{c.Answer}'")}, {spec.Choice("verifier")} score {c.Score:0.###}");

        var best = candidates.Where(c => c.Answer is not null).OrderByDescending(c => c.Score).ThenBy(c => c.Index).FirstOrDefault();
        var votes = AnswerVoting.Tally(candidates, problem.AnswerFormat);
        return run.Finish(best?.Answer, best?.Index, candidates, votes);
    }
}
