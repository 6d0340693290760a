using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Prompts;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// Parallel thinking (ParaThinker's idea, done with prompting): sample independent reasoning paths in one call,
/// then one synthesis call reads a few of them (<see cref="SkillPrompts.Synthesize"/>) and writes the final
/// solution. Paths shown are one per distinct answer first, in vote order, so the synthesizer sees the
/// disagreement rather than copies; when the synthesis yields no answer (or <c>synth=vote</c>) the paths' majority
/// answers instead.
/// </summary>
public sealed class ParallelThinkingStrategy(SpecValues spec) : IStrategy
{
    public static StrategyDescriptor Descriptor { get; } = new(
        "parallel-thinking",
        "sample independent paths, then one call reads them and writes the final solution",
        [
            SpecKey.Integer("paths", 8, 1, 256, "independent reasoning paths, drawn in one batched call"),
            SpecKey.Integer("show", 4, 1, 16, "paths the synthesizer reads (it has a context to fit in)"),
            SpecKey.Choice("synth", "model", ["model", "vote"], "model: a synthesis call answers; vote: the paths' majority"),
            .. SamplingKeys.With(defaultTemperature: 0.8),
        ],
        spec => new ParallelThinkingStrategy(spec)) { Example = "parallel-thinking:paths=8,show=4,synth=model" };

    public string Spec => spec.Canonical;

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var completions = await run.SampleAsync(SamplingKeys.Request(spec, problem.Prompt, spec.Integer("paths"), run.SeedFor(0)), "paths").ConfigureAwait(false);
        var candidates = completions.Select((c, i) => Candidate.From(i, c, problem.AnswerFormat.ExtractAnswer(c.Text))).ToList();
        var votes = AnswerVoting.Tally(candidates, problem.AnswerFormat);
        var vote = votes.FirstOrDefault();

        if (spec.Choice("synth") == "model" && candidates.Count > 0)
        {
            var shown = Shown(candidates, votes, spec.Integer("show"));
            run.Trace.Add($"synthesis reads paths {string.Join(", ", shown.Select(c => c.Index))}");
            var synthesis = await run.SampleAsync(SamplingKeys.Request(spec, SkillPrompts.Synthesize(problem.Question, shown.Select(c => c.Text)), 1, run.SeedFor(1)) with
            {
                Sampling = SamplingOptions.Greedy,
            }, "synthesis").ConfigureAwait(false);
            if (synthesis is [var written, ..] && problem.AnswerFormat.ExtractAnswer(written.Text) is { } answer)
            {
                var synthesized = Candidate.From(candidates.Count, written, answer);
                run.Trace.Add($"synthesis answers '{answer}'{(vote is not null && problem.AnswerFormat.AreEquivalent(answer, vote.Answer) ? ", as the vote does" : vote is null ? "" : $", against the vote's '{vote.Answer}'")}");
                return run.Finish(answer, synthesized.Index, [.. candidates, synthesized], votes);
            }
            run.Trace.Add("synthesis gave no answer; falling back to the paths' vote");
        }
        return run.Finish(vote?.Answer, vote?.Supporters[0], candidates, votes);
    }

    /// <summary>One path per answer group in vote order, then further paths in sample order, up to <paramref name="count"/>.</summary>
    private static List<Candidate> Shown(IReadOnlyList<Candidate> candidates, IReadOnlyList<AnswerVote> votes, int count)
    {
        var first = votes.Select(v => candidates[v.Supporters[0]]);
        return [.. first.Concat(candidates.Except(first)).Take(count)];
    }
}
