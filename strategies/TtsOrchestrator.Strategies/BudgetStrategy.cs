using System.Globalization;
using TtsOrchestrator.Core.Allocation;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// The budget controller for one problem at a time (the library API for agent apps): probe with a few samples, then
/// keep buying batches only while one more sample is expected to raise the chance that the majority is right by at
/// least <c>price</c>, looking a few batches ahead (<see cref="MajorityGain.BestRate"/>: a posterior over the answer
/// distribution from the votes alone).
/// Settled problems (the samples agree) and hopeless ones (every sample differs) both stop early; uncertain ones get
/// up to <c>max</c>. The price is the exchange rate between accuracy and compute; over a set of problems the same
/// price spends each sample where it gains the most. The answer is the majority of everything sampled.
/// </summary>
public sealed class BudgetStrategy(SpecValues spec) : IStrategy
{
    public static StrategyDescriptor Descriptor { get; } = new(
        "budget",
        "budget controller: probe, then sample more only while the expected accuracy gain per sample is worth its price",
        [
            SpecKey.Integer("probe", 4, 1, 256, "samples every problem gets first"),
            SpecKey.Integer("batch", 2, 1, 256, "samples per further call"),
            SpecKey.Integer("max", 64, 1, 1024, "most samples for one problem"),
            SpecKey.Number("price", 0.01, 0, 1, "stop when a further sample is expected to add less than this to P(majority is right)"),
            SpecKey.Number("concentration", 1.0, 0.01, 100, "how much probability the posterior gives to answers not seen yet"),
            .. SamplingKeys.With(defaultTemperature: 0.8),
        ],
        spec => new BudgetStrategy(spec)) { Example = "budget:probe=4,batch=2,max=64,price=0.01" };

    public string Spec => spec.Canonical;

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var (max, batch, price) = (spec.Integer("max"), spec.Integer("batch"), spec.Number("price"));
        var gain = new MajorityGain(spec.Number("concentration"));
        var random = new Random((int)(run.SeedFor(int.MaxValue) & int.MaxValue)); // the posterior's Monte Carlo, reproducible per problem
        var candidates = new List<Candidate>();
        IReadOnlyList<AnswerVote> votes = [];
        var n = Math.Min(spec.Integer("probe"), max);
        var converged = false;
        for (var round = 0; n > 0; round++)
        {
            var completions = await run.SampleAsync(SamplingKeys.Request(spec, problem.Prompt, n, run.SeedFor(round)), round == 0 ? "probe" : $"round {round + 1}").ConfigureAwait(false);
            if (completions.Count == 0) break; // budget spent
            var first = candidates.Count;
            candidates.AddRange(completions.Select((c, i) => Candidate.From(first + i, c, problem.AnswerFormat.ExtractAnswer(c.Text))));
            votes = AnswerVoting.Tally(candidates, problem.AnswerFormat);

            n = Math.Min(batch, max - candidates.Count);
            var leader = votes.Count > 0 ? $"leader '{votes[0].Answer}' {votes[0].Count} of {candidates.Count}" : $"no answer in {candidates.Count}";
            if (n == 0)
            {
                run.Trace.Add($"round {round + 1}: {leader}; max reached");
                break;
            }
            var estimate = gain.BestRate([.. votes.Select(v => v.Count)], candidates.Count(c => c.Answer is null), n, max - candidates.Count, random);
            converged = price > 0 && estimate.PerSample < price; // price 0: always up to max
            run.Trace.Add(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: {leader}; P(right) {estimate.Now:0.###}, with {estimate.Extra} more {estimate.After:0.###}: {estimate.PerSample:0.####} per sample {(converged ? "<" : ">=")} price {price:0.####}"));
            if (converged) break;
        }
        var winner = votes.FirstOrDefault();
        return run.Finish(winner?.Answer, winner?.Supporters[0], candidates, votes, converged ? StopReason.Converged : StopReason.Completed);
    }
}
