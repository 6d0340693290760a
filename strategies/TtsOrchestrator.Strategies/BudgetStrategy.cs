using System.Globalization;
using TtsOrchestrator.Core.Allocation;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// The budget controller: give each problem the samples it needs instead of the same N for all. Every problem is
/// probed with a few samples; after that a further batch is bought only where it is expected to raise the chance that
/// the majority is right (<see cref="MajorityGain"/>: a posterior over the answer distribution from the votes alone,
/// looking a few batches ahead). Settled problems (the samples agree) and hopeless ones (every sample differs) stop
/// early; uncertain ones get up to <c>max</c>. The answer is the majority of everything sampled.
/// <list type="bullet">
/// <item><c>total=0</c> (one problem at a time, the library API): keep buying while the gain per sample is at least
/// <c>price</c>, the exchange rate between accuracy and compute.</item>
/// <item><c>total=T</c> (a set of problems: eval, bench): T samples in all, including the probes; each round the next
/// batches go to the problems with the highest expected gain per generated token, until T is spent or no gain is
/// worth <c>price</c>. Every round's grants are in the problems' traces.</item>
/// </list>
/// With <c>target=coverage</c> the goal is one sample that passes a check the solver may run (the spec's verifier at
/// <c>threshold</c>): a problem stops as soon as one passes, an unsolved one is worth the chance that the next batch
/// finds a pass (<see cref="CoverageGain"/>, a Beta prior over pass rates fitted to all the probes), and the answer is
/// the highest-scoring sample's.
/// </summary>
public sealed class BudgetStrategy(SpecValues spec) : IProblemSetStrategy
{
    public static StrategyDescriptor Descriptor { get; } = new(
        "budget",
        "budget controller: probe every problem, then spend further samples where they are expected to gain the most accuracy",
        [
            SpecKey.Integer("total", 0, 0, 10_000_000, "samples for the whole set of problems, probes included (0 = no shared total: each problem stops by price)"),
            SpecKey.Integer("probe", 4, 1, 256, "samples every problem gets first"),
            SpecKey.Integer("batch", 2, 1, 256, "samples per further call"),
            SpecKey.Integer("max", 64, 1, 1024, "most samples for one problem"),
            SpecKey.Number("price", 0.01, 0, 1, "never buy a sample expected to add less than this to P(majority is right)"),
            SpecKey.Number("concentration", 1.0, 0.01, 100, "how much probability the posterior gives to answers not seen yet (at least)"),
            SpecKey.Choice("target", "majority", ["majority", "coverage"],
                "majority: raise P(the vote is right); coverage: find one sample that passes the check (verifier score >= threshold), for tasks whose solver may check"),
            .. CandidateScoring.Keys("prm"),
            SpecKey.Number("threshold", 0.5, -1000, 1000, "target=coverage: the verifier score at which a sample passes the check"),
            .. SamplingKeys.With(defaultTemperature: 0.8),
        ],
        spec => new BudgetStrategy(spec)) { Example = "budget:total=1600,probe=2,max=32" };

    public string Spec => spec.Canonical;

    public bool SpendsAcrossProblems => spec.Integer("total") > 0;

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var state = new BudgetedProblem(Spec, spec, problem, generator, budget, cancellationToken);
        await SpendAsync([state], concurrency: 1, alreadySpent: 0, finished: null, cancellationToken).ConfigureAwait(false);
        return state.Finish();
    }

    public async Task<IReadOnlyList<StrategyResult>> SolveSetAsync(IReadOnlyList<Problem> problems, IGenerator generator, ProblemSetOptions options, CancellationToken cancellationToken = default)
    {
        var states = problems.Select(p => new BudgetedProblem(Spec, spec, p, generator, Budget.Unlimited, cancellationToken)).ToList();
        var index = states.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var results = new StrategyResult?[states.Count];
        void Report(BudgetedProblem p)
        {
            var i = index[p];
            if (results[i] is not null) return;
            results[i] = p.Finish();
            options.Solved?.Invoke(i, results[i]!);
        }
        try
        {
            await SpendAsync(states, options.Concurrency, options.SamplesAlreadySpent, Report, cancellationToken).ConfigureAwait(false);
            foreach (var s in states) Report(s); // those still open when the total ran out
            return results!;
        }
        finally
        {
            foreach (var s in states) s.Dispose();
        }
    }

    private int Probe => Math.Min(spec.Integer("probe"), spec.Integer("max"));

    public void CheckSet(int problems, long samplesAlreadySpent = 0)
    {
        var total = spec.Integer("total");
        var left = total - samplesAlreadySpent;
        if (total == 0 || left >= (long)Probe * problems) return;
        throw new Core.UserInputException(samplesAlreadySpent == 0
            ? $"budget total={total} cannot probe {problems} problems with {Probe} samples each; raise total to at least {Probe * problems} or lower probe"
            : $"budget total={total} has {Math.Max(0, left)} samples left after the {samplesAlreadySpent} spent before this resume, too few to probe the {problems} problems left with {Probe} each; resume with a larger total in a new --out", exitCode: 2);
    }

    /// <param name="finished">Hears of each problem once nothing more will be spent on it.</param>
    private async Task SpendAsync(IReadOnlyList<BudgetedProblem> problems, int concurrency, long alreadySpent, Action<BudgetedProblem>? finished, CancellationToken ct)
    {
        CheckSet(problems.Count, alreadySpent);
        var (total, batch, price) = (spec.Integer("total"), spec.Integer("batch"), spec.Number("price"));
        var left = total > 0 ? total - alreadySpent : long.MaxValue;
        var probe = Probe;

        var grants = problems.Select(p => (Problem: p, N: probe)).ToList();
        for (var round = 1; grants.Count > 0; round++)
        {
            left -= grants.Sum(g => g.N);
            await Parallel.ForEachAsync(grants, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (grant, _) =>
            {
                if (!await grant.Problem.SampleAsync(grant.N, round == 1 ? "probe" : $"round {round}").ConfigureAwait(false))
                    grant.Problem.Done = true; // a budget refused: this problem is finished
            }).ConfigureAwait(false);

            if (round == 1 && problems.Count > 1 && problems[0].TargetsCoverage) FitCoveragePrior(problems);
            // Re-rate only the problems that just changed; the others' estimates still hold.
            foreach (var (p, _) in grants.Where(g => !g.Problem.Done)) Rate(p, batch, price, round);
            foreach (var (p, _) in grants.Where(g => g.Problem.Done)) finished?.Invoke(p);
            grants = NextGrants(problems, batch, left, concurrency, total > 0);
        }
    }

    /// <summary>target=coverage over a set: the pass-rate prior every problem's estimate starts from, fitted to all the probes.</summary>
    private static void FitCoveragePrior(IReadOnlyList<BudgetedProblem> problems)
    {
        var prior = CoverageGain.FitPrior([.. problems.Select(p => (p.Samples, p.Passed))]);
        foreach (var p in problems)
        {
            p.CoveragePrior = prior;
            p.Run.Trace.Add(string.Create(CultureInfo.InvariantCulture,
                $"pass-rate prior Beta({prior.Alpha:0.###}, {prior.Beta:0.###}) fitted to the probes of {problems.Count} problems (mean {prior.Mean:0.###})"));
        }
    }

    private static void Rate(BudgetedProblem p, int batch, double price, int round)
    {
        if (p.Passed > 0)
        {
            p.Converged = p.Done = true;
            p.Run.Trace.Add($"round {round}: {p.Leader}; solved (a sample passed the check)");
            return;
        }
        if (p.Samples >= p.Max)
        {
            p.Done = true;
            p.Run.Trace.Add($"round {round}: {p.Leader}; max reached");
            return;
        }
        var estimate = p.Rate(batch);
        p.LastRate = estimate;
        p.Converged = p.Done = price > 0 && estimate.PerSample < price; // price 0: always up to max (or the total)
        p.Run.Trace.Add(string.Create(CultureInfo.InvariantCulture,
            $"round {round}: {p.Leader}; {(p.TargetsCoverage ? "P(a pass)" : "P(right)")} {estimate.Now:0.###}, with {estimate.Extra} more {estimate.After:0.###}: " +
            $"{estimate.PerSample:0.####} per sample {(p.Converged ? "<" : ">=")} price {price:0.####}"));
    }

    /// <summary>
    /// The next round's batches: with a shared total, to the open problems with the highest gain per generated token
    /// (a round buys one batch for at most <paramref name="concurrency"/> problems, as many as run at once anyway, so
    /// the ranking is fresh for every batch); without one,
    /// one batch to every open problem.
    /// </summary>
    private static List<(BudgetedProblem Problem, int N)> NextGrants(IReadOnlyList<BudgetedProblem> problems, int batch, long left, int concurrency, bool shared)
    {
        var open = problems.Where(p => !p.Done).ToList();
        if (!shared) return open.Select(p => (p, Math.Min(batch, p.Max - p.Samples))).ToList();
        var ranked = open.OrderByDescending(p => p.LastRate.PerSample / p.TokensPerSample).ToList();
        var grants = new List<(BudgetedProblem, int)>();
        foreach (var p in ranked.Take(Math.Max(1, concurrency)))
        {
            var n = (int)Math.Min(Math.Min(batch, p.Max - p.Samples), left);
            if (n <= 0) break;
            grants.Add((p, n));
            left -= n;
            p.Run.Trace.Add(string.Create(CultureInfo.InvariantCulture, $"granted {n} of the shared budget ({left} left): {p.LastRate.PerSample / p.TokensPerSample * 1000:0.####} per 1k tokens"));
        }
        return grants;
    }
}
