using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// Self-consistency: N samples in one generator call, grouped by the task's answer equivalence; the group with the
/// largest total weight wins and a tie goes to the answer that appeared first. Weights: <c>none</c> (plain votes),
/// <c>logprob</c> (the sample's geometric-mean token probability), <c>verifier</c> (its verifier score, see
/// <see cref="CandidateScoring"/>: weighted best-of-N) or <c>length</c> (shortest sample's length over its own, so
/// shorter solutions weigh more: Shortest Majority Vote). <c>weighted-bon</c> and <c>shortest-majority</c> are this
/// strategy with the verifier and length weights as defaults.
/// </summary>
public sealed class MajorityStrategy(SpecValues spec) : IStrategy
{
    public static StrategyDescriptor Descriptor { get; } = Describe(
        "majority", "none", "self-consistency: sample n, answer with the most common answer", "majority:n=16,temperature=0.8");

    public static StrategyDescriptor WeightedBestOfN { get; } = Describe(
        "weighted-bon", "verifier", "weighted best-of-N: answers scored by the summed verifier scores of their samples", "weighted-bon:n=16,verifier=prm");

    public static StrategyDescriptor ShortestMajority { get; } = Describe(
        "shortest-majority", "length", "majority vote with shorter solutions weighing more", "shortest-majority:n=16");

    private static StrategyDescriptor Describe(string name, string defaultWeight, string summary, string example) => new(
        name,
        summary,
        [
            SpecKey.Integer("n", 16, 1, 1024, "samples, drawn in one batched call"),
            SpecKey.Choice("weight", defaultWeight, ["none", "logprob", "verifier", "length"], "what a vote weighs"),
            .. CandidateScoring.Keys("prm"),
            .. SamplingKeys.With(defaultTemperature: 0.8),
        ],
        spec => new MajorityStrategy(spec)) { Example = example };

    public string Spec => spec.Canonical;

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var n = spec.Integer("n");
        var completions = await run.SampleAsync(CandidateScoring.Request(spec, problem.Prompt, n, run.SeedFor(0))).ConfigureAwait(false);
        IReadOnlyList<Candidate> candidates = completions.Select((c, i) => Candidate.From(i, c, problem.AnswerFormat.ExtractAnswer(c.Text))).ToList();

        var weighting = spec.Choice("weight");
        Func<Candidate, double>? weight = null;
        switch (weighting)
        {
            case "logprob":
                weight = c => c.MeanLogProb is { } lp ? Math.Exp(lp) : 0;
                break;
            case "verifier":
                candidates = await CandidateScoring.ScoreAsync(run, spec, candidates).ConfigureAwait(false);
                weight = c => Math.Max(0, c.Score ?? 0);
                break;
            case "length":
                var shortest = Math.Max(1, candidates.Where(c => c.Answer is not null).Select(c => c.GeneratedTokens).DefaultIfEmpty(1).Min());
                weight = c => (double)shortest / Math.Max(1, c.GeneratedTokens);
                break;
        }

        var votes = AnswerVoting.Tally(candidates, problem.AnswerFormat, weight);
        foreach (var v in votes)
            run.Trace.Add($"answer '{v.Answer}': {v.Count} of {candidates.Count} samples" + (weight is null
                ? $" ({v.Share:0%} of those with an answer)"
                : $", {weighting} weight {v.Weight:0.###} ({v.Share:0%} of the weight)"));
        var winner = votes.FirstOrDefault();
        return run.Finish(winner?.Answer, winner?.Supporters[0], candidates, votes);
    }
}
