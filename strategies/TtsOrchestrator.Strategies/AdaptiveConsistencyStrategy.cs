using System.Globalization;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// Adaptive self-consistency: samples in small batches (each one generator call, so the engine batches it) and
/// stops as soon as a stopping rule says the majority is settled, instead of always drawing the maximum. Rules
/// (see <see cref="StoppingRules"/>): <c>beta</c> and <c>dirichlet</c> (Adaptive-Consistency, stop at the given
/// confidence), <c>entropy</c> (stop when the vote distribution's entropy falls to a threshold) and <c>esc</c>
/// (Early-Stopping Self-Consistency: sample in windows, stop when one window agrees). The answer is the majority
/// of everything sampled.
/// </summary>
public sealed class AdaptiveConsistencyStrategy(SpecValues spec) : IStrategy
{
    public static StrategyDescriptor Descriptor { get; } = new(
        "adaptive-sc",
        "adaptive self-consistency: sample in batches until a stopping rule says the majority is settled",
        [
            SpecKey.Integer("max", 40, 1, 1024, "most samples in all"),
            SpecKey.Integer("batch", 4, 1, 256, "samples per call (beta, dirichlet, entropy)"),
            SpecKey.Choice("stop", "beta", ["beta", "dirichlet", "entropy", "esc"], "stopping rule"),
            SpecKey.Number("confidence", 0.95, 0.5, 0.9999, "beta/dirichlet: stop when P(leader is the true majority) reaches this"),
            SpecKey.Number("entropy", 0.2, 0, 10, "entropy: stop when the answers' entropy (nats) is at most this"),
            SpecKey.Integer("window", 8, 2, 256, "esc: samples per window; stop when one window agrees"),
            .. SamplingKeys.With(defaultTemperature: 0.8),
        ],
        spec => new AdaptiveConsistencyStrategy(spec)) { Example = "adaptive-sc:max=40,batch=4,stop=beta,confidence=0.95" };

    public string Spec => spec.Canonical;

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var (max, rule) = (spec.Integer("max"), spec.Choice("stop"));
        var roundSize = rule == "esc" ? spec.Integer("window") : spec.Integer("batch");
        var candidates = new List<Candidate>();
        IReadOnlyList<AnswerVote> votes = [];
        var settled = false;
        for (var round = 0; candidates.Count < max && !settled; round++)
        {
            var n = Math.Min(roundSize, max - candidates.Count);
            var completions = await run.SampleAsync(SamplingKeys.Request(spec, problem.Prompt, n, run.SeedFor(round)), $"round {round + 1}").ConfigureAwait(false);
            if (completions.Count == 0) break; // budget spent
            var latest = completions.Select((c, i) => Candidate.From(candidates.Count + i, c, problem.AnswerFormat.ExtractAnswer(c.Text))).ToList();
            candidates.AddRange(latest);
            votes = AnswerVoting.Tally(candidates, problem.AnswerFormat);
            (settled, var why) = Settled(rule, votes, latest, problem.AnswerFormat);
            run.Trace.Add($"round {round + 1}: {candidates.Count} samples, leader {(votes.Count > 0 ? $"'{votes[0].Answer}' {votes[0].Count}" : "none")}; {why}");
        }
        var winner = votes.FirstOrDefault();
        return run.Finish(winner?.Answer, winner?.Supporters[0], candidates, votes, settled ? StopReason.Converged : StopReason.Completed);
    }

    private (bool Settled, string Why) Settled(string rule, IReadOnlyList<AnswerVote> votes, IReadOnlyList<Candidate> latest, IAnswerFormat format)
    {
        var counts = votes.Select(v => v.Count).ToList();
        string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
        switch (rule)
        {
            case "beta":
            case "dirichlet":
                var confidence = rule == "beta" ? StoppingRules.BetaConfidence(counts) : StoppingRules.DirichletConfidence(counts);
                var needed = spec.Number("confidence");
                return (confidence >= needed, $"{rule} confidence {F(confidence)} {(confidence >= needed ? ">=" : "<")} {F(needed)}");
            case "entropy":
                var entropy = StoppingRules.Entropy(counts);
                var limit = spec.Number("entropy");
                return (entropy <= limit, $"entropy {F(entropy)} nats {(entropy <= limit ? "<=" : ">")} {F(limit)}");
            default:
                var agrees = StoppingRules.WindowAgrees([.. latest.Select(c => c.Answer)], format.AreEquivalent);
                return (agrees, agrees ? "the window agrees" : "the window disagrees");
        }
    }
}
