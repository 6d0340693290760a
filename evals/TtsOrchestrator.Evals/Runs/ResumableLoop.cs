using System.Diagnostics;

namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// The loop <see cref="EvalRun"/> and <see cref="SampleRun"/> share: skip the problems whose ids the results file
/// already holds, run the rest <c>concurrency</c> at a time (so an engine batches across them), append each line the
/// moment its problem is done, and report progress after every line.
/// </summary>
internal static class ResumableLoop
{
    /// <summary>This invocation: its number among the folder's sessions and its clock.</summary>
    public sealed class Session(int number, Stopwatch? clock = null)
    {
        private readonly Stopwatch _clock = clock ?? Stopwatch.StartNew();

        public int Number { get; } = number;
        public TimeSpan Elapsed => _clock.Elapsed;
        public double Seconds => Math.Round(_clock.Elapsed.TotalSeconds, 3);
    }

    /// <summary>The finished lines of the selection, in selection order, and whether the caller cancelled before all were done.</summary>
    public sealed record Outcome<T>(IReadOnlyList<T> Lines, bool Cancelled);

    /// <param name="solve">Runs problem <c>i</c> of <paramref name="items"/> and returns its line (stamped with the session).</param>
    /// <param name="clock">The session's clock when work began before the loop (a set-level strategy's solve).</param>
    public static async Task<Outcome<T>> RunAsync<T>(
        ResultsFile<T> file, IReadOnlyList<BenchmarkItem> items, int concurrency,
        Func<int, Session, CancellationToken, Task<T>> solve, Action<RunProgress>? progress, CancellationToken ct, Stopwatch? clock = null)
        where T : class, IResultLine
    {
        var finished = file.Lines.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var session = new Session(file.Lines.Select(l => l.Session).DefaultIfEmpty(0).Max() + 1, clock);
        var pending = Enumerable.Range(0, items.Count).Where(i => !finished.ContainsKey(items[i].Problem.Id)).ToList();
        var gate = new Lock();
        var earlier = Selected(items, finished);
        var (done, score, doneNow, tokensNow) = (earlier.Count, earlier.Sum(l => l.Score), 0, 0L);
        void Report() => progress?.Invoke(new RunProgress(done, items.Count, done > 0 ? score / done : 0, doneNow, tokensNow, session.Elapsed));

        Report();
        var cancelled = false;
        try
        {
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct }, async (i, token) =>
            {
                var line = await solve(i, session, token).ConfigureAwait(false);
                lock (gate)
                {
                    file.Append(line);
                    finished[line.Id] = line;
                    (done, score, doneNow, tokensNow) = (done + 1, score + line.Score, doneNow + 1, tokensNow + line.GeneratedTokens);
                    Report();
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cancelled = true;
        }
        lock (gate) return new Outcome<T>(Selected(items, finished), cancelled);
    }

    /// <summary>Wall-clock seconds behind <paramref name="lines"/>: every session that wrote one, until its last line.</summary>
    public static double WallSeconds<T>(IEnumerable<T> lines) where T : IResultLine =>
        Math.Round(lines.GroupBy(l => l.Session).Sum(g => g.Max(l => l.SessionSeconds)), 3);

    private static List<T> Selected<T>(IReadOnlyList<BenchmarkItem> items, Dictionary<string, T> finished) =>
        items.Select(item => finished.GetValueOrDefault(item.Problem.Id)).OfType<T>().ToList();
}
