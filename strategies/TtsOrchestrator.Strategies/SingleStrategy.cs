using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>The baseline: one sample (greedy by default), its answer taken as is.</summary>
public sealed class SingleStrategy(SpecValues spec) : IStrategy
{
    public static StrategyDescriptor Descriptor { get; } = new(
        "single",
        "one sample, no test-time scaling (the baseline)",
        SamplingKeys.With(defaultTemperature: 0),
        spec => new SingleStrategy(spec)) { Example = "single:temperature=0.7" };

    public string Spec => spec.Canonical;

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var completions = await run.SampleAsync(SamplingKeys.Request(spec, problem.Prompt, n: 1, run.SeedFor(0))).ConfigureAwait(false);
        var candidates = completions.Select((c, i) => Candidate.From(i, c, problem.AnswerFormat.ExtractAnswer(c.Text))).ToList();
        var chosen = candidates.FirstOrDefault();
        return run.Finish(chosen?.Answer, chosen?.Index, candidates);
    }
}
