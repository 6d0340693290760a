using System.Diagnostics;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Evals;

/// <summary>One strategy's line of a bench: accuracy with its 95% Wilson interval and what it cost per problem.</summary>
public sealed record BenchRow(
    string Strategy, int Problems, int Correct, double Accuracy, double AccuracyLow, double AccuracyHigh,
    double SamplesMean, double GeneratedTokensMean, double WallSeconds, double GeneratorShare, double VerifierQueriesMean = 0)
{
    /// <summary>How people name the strategy in tables and plots (the spec as written); <see cref="Strategy"/> is canonical.</summary>
    public string Label { get; init; } = Strategy;
}

/// <summary>
/// Runs strategies side by side on the same problems with the same per-problem seeds, so differences are the
/// strategies' own. Problems of one strategy run <c>concurrency</c> at a time (an engine batches across them).
/// </summary>
public sealed class StrategyBench(IGenerator generator, int concurrency, ulong seed)
{
    public async Task<BenchRow> RunAsync(IStrategy strategy, IReadOnlyList<BenchmarkItem> items, Action<int>? progress, CancellationToken ct)
    {
        StrategyResult[] results;
        var problems = items.Select((item, i) => item.Problem with { Seed = Seeds.Derive(seed, i) }).ToList();
        var watch = Stopwatch.StartNew();
        var set = strategy as IProblemSetStrategy;
        var setLevel = set is { SpendsAcrossProblems: true };
        if (setLevel)
        {
            // One budget over the whole set: the strategy decides which problem gets each sample.
            var finished = 0;
            var options = new ProblemSetOptions { Concurrency = concurrency, Solved = (_, _) => progress?.Invoke(Interlocked.Increment(ref finished)) };
            results = [.. await set!.SolveSetAsync(problems, generator, options, ct).ConfigureAwait(false)];
        }
        else
        {
            results = new StrategyResult[items.Count];
            var done = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
            {
                results[i] = await strategy.SolveAsync(problems[i], generator, Budget.Unlimited, token).ConfigureAwait(false);
                progress?.Invoke(Interlocked.Increment(ref done));
            }).ConfigureAwait(false);
        }
        var wall = watch.Elapsed.TotalSeconds;

        var grades = await Task.WhenAll(items.Select((item, i) => item.GradeAsync(results[i].Answer, ct))).ConfigureAwait(false);
        var correct = grades.Count(g => g.Passed);
        var (low, high) = WilsonInterval.Of(correct, items.Count);
        var generatorSeconds = results.Sum(r => r.Cost.GeneratorTime.TotalSeconds);
        // Problem by problem, each run's wall time is its own; over a set every problem's run spans the whole
        // allocation, so the set's wall time with `concurrency` problems in flight is the time there was to spend.
        var runSeconds = setLevel ? wall * concurrency : results.Sum(r => r.Cost.WallTime.TotalSeconds);
        return new BenchRow(strategy.Spec, items.Count, correct, (double)correct / items.Count, low, high,
            results.Average(r => r.Cost.Samples), results.Average(r => r.Cost.GeneratedTokens), wall,
            runSeconds > 0 ? Math.Min(1, generatorSeconds / runSeconds) : 1, results.Average(r => r.Cost.VerifierQueries));
    }
}
