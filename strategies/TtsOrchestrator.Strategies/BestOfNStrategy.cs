using System.Globalization;
using TtsOrchestrator.Core.Curves;
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
/// <remarks>
/// With a verifier whose false-positive rate is measured (<c>fpr</c> &gt; 0, with <c>tpr</c>, at score
/// <c>threshold</c>; <c>tts curve</c> measures both on scored samples) it caps its own N per problem ("Inference
/// Scaling fLaws"): it draws <c>probe</c> samples first, reads the problem's likely pass rate from how many pass,
/// and draws more only up to the N past which a doubling would add under half a point
/// (<see cref="ImperfectVerifier.UsefulSamples"/>). Easy and hopeless problems stop at the probe; the trace says why.
/// </remarks>
public sealed class BestOfNStrategy(SpecValues spec) : IStrategy
{
    public static StrategyDescriptor Descriptor { get; } = new(
        "best-of-n",
        "sample n, answer with the sample a verifier scores highest",
        [
            SpecKey.Integer("n", 16, 1, 1024, "samples, drawn in one batched call (with fpr > 0: the most, after the probe)"),
            .. CandidateScoring.Keys("prm"),
            SpecKey.Number("fpr", 0, 0, 1, "the verifier's measured false-positive rate at threshold (tts curve measures it); > 0 caps n per problem where more samples stop paying"),
            SpecKey.Number("tpr", 1, 0, 1, "the verifier's measured true-positive rate at threshold (with fpr)"),
            SpecKey.Number("threshold", 0.5, -1000, 1000, "the score from which the verifier counts a sample as passed (with fpr)"),
            SpecKey.Integer("probe", 4, 1, 1024, "with fpr > 0: samples drawn first to judge the problem"),
            .. SamplingKeys.With(defaultTemperature: 0.8),
        ],
        spec => new BestOfNStrategy(spec)) { Example = "best-of-n:n=16,verifier=prm,agg=min" };

    public string Spec => spec.Canonical;

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var n = spec.Integer("n");
        var verifier = spec.Number("fpr") > 0 ? new ImperfectVerifier(spec.Number("tpr"), spec.Number("fpr")) : null;

        var candidates = (await SampleScoredAsync(run, problem, verifier is null ? n : Math.Min(spec.Integer("probe"), n), 0).ConfigureAwait(false)).ToList();
        var capped = false;
        if (verifier is not null && candidates.Count < n && run.BudgetStop is null)
        {
            var useful = UsefulSamples(run, verifier, candidates);
            capped = useful < n;
            if (useful > candidates.Count)
                candidates.AddRange(await SampleScoredAsync(run, problem, useful - candidates.Count, 1, candidates.Count).ConfigureAwait(false));
        }
        foreach (var c in candidates)
            run.Trace.Add($"candidate {c.Index}: answer {(c.Answer is null ? "(none)" : $"'{c.Answer}'")}, {spec.Choice("verifier")} score {c.Score:0.###}");

        var best = candidates.Where(c => c.Answer is not null).OrderByDescending(c => c.Score).ThenBy(c => c.Index).FirstOrDefault();
        var votes = AnswerVoting.Tally(candidates, problem.AnswerFormat);
        return run.Finish(best?.Answer, best?.Index, candidates, votes, capped ? StopReason.Converged : StopReason.Completed);
    }

    /// <summary>Samples <paramref name="count"/> in one call (seed stream <paramref name="stream"/>) and scores them.</summary>
    private async Task<IReadOnlyList<Candidate>> SampleScoredAsync(StrategyRun run, Problem problem, int count, int stream, int firstIndex = 0)
    {
        var completions = await run.SampleAsync(CandidateScoring.Request(spec, problem.Prompt, count, run.SeedFor(stream))).ConfigureAwait(false);
        var sampled = completions.Select((c, i) => Candidate.From(firstIndex + i, c, problem.AnswerFormat.ExtractAnswer(c.Text))).ToList();
        return await CandidateScoring.ScoreAsync(run, spec, sampled).ConfigureAwait(false);
    }

    /// <summary>The N this problem is worth with this verifier, judged from the probe's pass count; traced.</summary>
    private int UsefulSamples(StrategyRun run, ImperfectVerifier verifier, IReadOnlyList<Candidate> probe)
    {
        var (n, threshold) = (spec.Integer("n"), spec.Number("threshold"));
        var passes = probe.Count(c => c.Score >= threshold);
        var passRates = verifier.PassRatePosterior(passes, probe.Count);
        var useful = Math.Clamp(verifier.UsefulSamples(passRates, maxN: n), probe.Count, n);
        string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
        run.Trace.Add($"verifier cap (TPR {F(verifier.TruePositiveRate)}, FPR {F(verifier.FalsePositiveRate)}): {passes} of {probe.Count} probe samples " +
                      $"score >= {F(threshold)}, so the pass rate is likely {F(passRates[passRates.Count / 2])}; " +
                      (useful < n ? $"past N = {useful} a doubling adds under {F(100 * ImperfectVerifier.DefaultTolerance)} point: {useful} of {n} samples"
                                  : $"all {n} samples are worth drawing"));
        return useful;
    }
}
