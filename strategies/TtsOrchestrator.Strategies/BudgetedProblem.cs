using TtsOrchestrator.Core.Allocation;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// One problem under the budget controller: its run (ledger, trace, budget), the samples bought so far and their vote,
/// and what more samples are expected to be worth. Shared by the per-problem and the whole-set forms of
/// <see cref="BudgetStrategy"/>.
/// </summary>
internal sealed class BudgetedProblem : IDisposable
{
    private readonly SpecValues _spec;
    private readonly MajorityGain _gain;
    private readonly Random _random;
    private readonly List<Candidate> _candidates = [];
    private int _calls;

    public BudgetedProblem(string spec, SpecValues values, Problem problem, IGenerator generator, Budget budget, CancellationToken ct)
    {
        _spec = values;
        Run = new StrategyRun(spec, problem, generator, budget, ct);
        _gain = new MajorityGain(values.Number("concentration"));
        _random = new Random((int)(Run.SeedFor(int.MaxValue) & int.MaxValue)); // the posterior's Monte Carlo, reproducible per problem
    }

    public StrategyRun Run { get; }
    public IReadOnlyList<AnswerVote> Votes { get; private set; } = [];
    public int Samples => _candidates.Count;
    public int Max => _spec.Integer("max");

    /// <summary>Mean generated tokens per sample so far (at least 1): the price of one more sample in tokens.</summary>
    public double TokensPerSample => _candidates.Count == 0 ? 1 : Math.Max(1, _candidates.Average(c => c.GeneratedTokens));

    /// <summary>The latest <see cref="Rate"/>: what the next samples of this problem are expected to be worth.</summary>
    public GainEstimate LastRate { get; set; }

    /// <summary>Set when the expected gain fell below the price, or a budget refused more samples.</summary>
    public bool Done { get; set; }
    public bool Converged { get; set; }

    /// <summary>Buys <paramref name="n"/> samples in one call; false when the budget refused them.</summary>
    public async Task<bool> SampleAsync(int n, string purpose)
    {
        var completions = await Run.SampleAsync(SamplingKeys.Request(_spec, Run.Problem.Prompt, n, Run.SeedFor(_calls++)), purpose).ConfigureAwait(false);
        var first = _candidates.Count;
        _candidates.AddRange(completions.Select((c, i) => Candidate.From(first + i, c, Run.Problem.AnswerFormat.ExtractAnswer(c.Text))));
        Votes = AnswerVoting.Tally(_candidates, Run.Problem.AnswerFormat);
        return completions.Count > 0;
    }

    /// <summary>The best expected gain per sample over the next batches (see <see cref="MajorityGain.BestRate"/>), up to max.</summary>
    public GainEstimate Rate(int batch) =>
        _gain.BestRate([.. Votes.Select(v => v.Count)], _candidates.Count(c => c.Answer is null), Math.Min(batch, Max - Samples), Max - Samples, _random);

    public string Leader => Votes.Count > 0 ? $"leader '{Votes[0].Answer}' {Votes[0].Count} of {Samples}" : $"no answer in {Samples}";

    public StrategyResult Finish()
    {
        var winner = Votes.FirstOrDefault();
        return Run.Finish(winner?.Answer, winner?.Supporters[0], _candidates, Votes, Converged ? StopReason.Converged : StopReason.Completed);
    }

    public void Dispose() => Run.Dispose();
}
