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

    /// <summary>target=coverage: a problem is solved once one sample passes the check (its verifier score reaches the threshold).</summary>
    public bool TargetsCoverage => _spec.Choice("target") == "coverage";

    /// <summary>Samples that passed the check (target=coverage; 0 otherwise).</summary>
    public int Passed => TargetsCoverage ? _candidates.Count(c => c.Score >= _spec.Number("threshold")) : 0;

    /// <summary>The pass-rate prior of target=coverage: fitted over the set after the probes, Jeffreys' for one problem.</summary>
    public Core.Curves.BetaParameters CoveragePrior { get; set; } = CoverageGain.DefaultPrior;

    /// <summary>Buys <paramref name="n"/> samples in one call (target=coverage: and checks them); false when the budget refused them.</summary>
    public async Task<bool> SampleAsync(int n, string purpose)
    {
        var completions = await Run.SampleAsync(CandidateScoring.Request(_spec, Run.Problem.Prompt, n, Run.SeedFor(_calls++)), purpose).ConfigureAwait(false);
        var first = _candidates.Count;
        var fresh = completions.Select((c, i) => Candidate.From(first + i, c, Run.Problem.AnswerFormat.ExtractAnswer(c.Text))).ToList();
        _candidates.AddRange(TargetsCoverage && fresh.Count > 0 ? await CandidateScoring.ScoreAsync(Run, _spec, fresh).ConfigureAwait(false) : fresh);
        Votes = AnswerVoting.Tally(_candidates, Run.Problem.AnswerFormat);
        return completions.Count > 0;
    }

    /// <summary>
    /// What the next samples are expected to be worth, up to max: the chance one of the next batch passes the check
    /// (target=coverage, <see cref="CoverageGain"/>; the rate per sample falls with the horizon, so one batch is the best
    /// one), or the best gain in P(majority is right) per sample over the next batches (<see cref="MajorityGain.BestRate"/>).
    /// </summary>
    public GainEstimate Rate(int batch) => TargetsCoverage
        ? CoverageGain.Estimate(CoveragePrior, failures: Samples, Math.Min(batch, Max - Samples))
        : _gain.BestRate([.. Votes.Select(v => v.Count)], _candidates.Count(c => c.Answer is null), Math.Min(batch, Max - Samples), Max - Samples, _random);

    public string Leader => TargetsCoverage
        ? Best is { } best ? $"best '{best.Answer}' score {best.Score:0.###}, {Passed} of {Samples} pass" : $"no answer in {Samples}"
        : Votes.Count > 0 ? $"leader '{Votes[0].Answer}' {Votes[0].Count} of {Samples}" : $"no answer in {Samples}";

    /// <summary>The highest-scoring sample with an answer (target=coverage), the earliest on a tie.</summary>
    private Candidate? Best => _candidates.Where(c => c.Answer is not null).OrderByDescending(c => c.Score).ThenBy(c => c.Index).FirstOrDefault();

    /// <summary>The result, frozen at the first call.</summary>
    public StrategyResult Finish() => _result ??= Freeze();

    private StrategyResult? _result;

    private StrategyResult Freeze()
    {
        var stop = Converged ? StopReason.Converged : StopReason.Completed;
        if (TargetsCoverage) return Run.Finish(Best?.Answer, Best?.Index, _candidates, Votes, stop);
        var winner = Votes.FirstOrDefault();
        return Run.Finish(winner?.Answer, winner?.Supporters[0], _candidates, Votes, stop);
    }

    public void Dispose() => Run.Dispose();
}
