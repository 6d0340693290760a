using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// Self-consistency: N samples in one generator call, grouped by the task's answer equivalence; the
/// largest group wins and a tie goes to the answer that appeared first.
/// </summary>
public sealed class MajorityStrategy(SpecValues spec) : IStrategy
{
    public static StrategyDescriptor Descriptor { get; } = new(
        "majority",
        "self-consistency: sample n, answer with the most common answer",
        [SpecKey.Integer("n", 16, 1, 1024, "samples, drawn in one batched call"), .. SamplingKeys.With(defaultTemperature: 0.8)],
        spec => new MajorityStrategy(spec)) { Example = "majority:n=16,temperature=0.8" };

    public string Spec => spec.Canonical;

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var n = spec.Integer("n");
        var completions = await run.SampleAsync(SamplingKeys.Request(spec, problem.Prompt, n, run.SeedFor(0))).ConfigureAwait(false);
        var candidates = completions.Select((c, i) => Candidate.From(i, c, problem.AnswerFormat.ExtractAnswer(c.Text))).ToList();

        var votes = AnswerVoting.Tally(candidates, problem.AnswerFormat);
        foreach (var v in votes)
            run.Trace.Add($"answer '{v.Answer}': {v.Count} of {candidates.Count} samples ({v.Share:0%} of those with an answer)");
        var winner = votes.FirstOrDefault();
        return run.Finish(winner?.Answer, winner?.Supporters[0], candidates, votes);
    }
}
