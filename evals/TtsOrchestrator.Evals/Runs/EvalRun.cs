using System.Text.Json;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// <c>tts eval</c> as a library: one strategy over a benchmark's problems, graded, in an output folder that a rerun
/// resumes. Problem i is solved with seed <c>Seeds.Derive(seed, i)</c>, exactly as <see cref="StrategyBench"/> does,
/// so an eval and a bench of the same strategy, benchmark, --limit and seed sample the same things.
/// The folder holds <c>run.json</c> (<see cref="RunManifest"/>), <c>results.jsonl</c> (<see cref="EvalResultLine"/>,
/// appended as problems finish), <c>summary.json</c> (<see cref="EvalSummary"/>) and <c>report.html</c>
/// (<see cref="HtmlReport"/>); the last two are rewritten at the end of every invocation, also an interrupted one.
/// </summary>
public sealed class EvalRun(string folder, string benchmark, IReadOnlyList<BenchmarkItem> items, IStrategy strategy, ulong seed, int concurrency)
{
    public const string ResultsFileName = "results.jsonl";
    public const string ReportFileName = "report.html";

    public string ResultsPath => Path.Combine(folder, ResultsFileName);

    /// <summary>Worked examples the items' prompts show (recorded in run.json, so a resume cannot mix prompts).</summary>
    public int Shots { get; init; }

    /// <summary>Draws the report's plots (the CLI's are ScottPlot PNGs); none when null.</summary>
    public Func<EvalSummary, IReadOnlyList<EvalResultLine>, IReadOnlyList<ReportFigure>>? Figures { get; init; }

    /// <summary>
    /// What can be checked before a model loads: that the folder is this run's (model aside) and that every line of
    /// its results file reads. Changes nothing.
    /// </summary>
    public void Check()
    {
        Manifest(model: null).Check(folder, ResultsFileName);
        var finished = ResultsFile<EvalResultLine>.Read(ResultsPath).Lines;
        if (strategy is IProblemSetStrategy { SpendsAcrossProblems: true } set)
        {
            var (pending, spent) = Pending(finished);
            if (pending.Count > 0) set.CheckSet(pending.Count, spent);
        }
    }

    /// <summary>The selected problems not finished yet, and the samples the finished ones of this selection spent.</summary>
    private (List<int> Pending, long Spent) Pending(IReadOnlyList<EvalResultLine> finished)
    {
        var done = finished.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var ids = items.Select(i => i.Problem.Id).ToHashSet(StringComparer.Ordinal);
        return ([.. Enumerable.Range(0, items.Count).Where(i => !done.Contains(items[i].Problem.Id))],
            finished.Where(l => ids.Contains(l.Id)).Sum(l => (long)l.Cost.Samples));
    }

    public async Task<RunOutcome<EvalSummary, EvalResultLine>> RunAsync(IGenerator generator, Action<RunProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var manifest = Manifest(generator.Info.Model);
        manifest.Claim(folder, ResultsFileName);
        using var file = ResultsFile<EvalResultLine>.Open(ResultsPath);
        var done = file.Lines.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var alreadyDone = items.Count(i => done.Contains(i.Problem.Id));

        var clock = System.Diagnostics.Stopwatch.StartNew(); // the session's time includes a set-level strategy's start
        var together = StartSetSolve(generator, file.Lines, ct);
        // With a set-level strategy the loop only waits for results the strategy hands over as problems finish, so
        // every problem may wait at once; the strategy itself samples `concurrency` problems at a time.
        var outcome = await ResumableLoop.RunAsync(file, items, together is null ? concurrency : Math.Max(1, items.Count),
                (i, session, token) => SolveAsync(generator, i, session, together?.Results[i].Task, token), progress, ct, clock)
            .ConfigureAwait(false);
        if (together is not null && !outcome.Cancelled) await together.Solving.ConfigureAwait(false); // its errors

        // Rewritten from the lines every time, so they describe old and new problems alike (and an interrupted run).
        var summary = EvalSummary.Of(manifest, outcome.Lines, items.Count);
        AtomicFile.WriteAllText(Path.Combine(folder, EvalSummary.FileName), JsonSerializer.Serialize(summary, TtsJson.Options) + "\n");
        HtmlReport.Write(Path.Combine(folder, ReportFileName), summary, outcome.Lines, Figures?.Invoke(summary, outcome.Lines) ?? []);
        if (outcome.Cancelled) ct.ThrowIfCancellationRequested();
        return new RunOutcome<EvalSummary, EvalResultLine>(summary, outcome.Lines, alreadyDone, file.DroppedTornLine);
    }

    private RunManifest Manifest(string? model) => new("eval", benchmark, model, seed) { Strategy = strategy.Spec, Shots = Shots };

    /// <summary>A set-level strategy's solve in flight: one result per pending problem, completed as each is final.</summary>
    private sealed record SetSolve(Task Solving, IReadOnlyDictionary<int, TaskCompletionSource<StrategyResult>> Results);

    /// <summary>
    /// A strategy that spends one budget across problems (<see cref="IProblemSetStrategy"/>) starts solving every
    /// problem not done yet at once; each result is handed to its line the moment it is final, so lines, progress and
    /// a clean stop work as for other strategies. On a resume the shared total is what the finished lines left of it.
    /// Null for the other strategies, which solve problem by problem.
    /// </summary>
    private SetSolve? StartSetSolve(IGenerator generator, IReadOnlyList<EvalResultLine> finished, CancellationToken ct)
    {
        if (strategy is not IProblemSetStrategy { SpendsAcrossProblems: true } set) return null;
        var (pending, spent) = Pending(finished);
        var results = pending.ToDictionary(i => i, _ => new TaskCompletionSource<StrategyResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (pending.Count == 0) return new SetSolve(Task.CompletedTask, results);
        var options = new ProblemSetOptions
        {
            Concurrency = concurrency,
            SamplesAlreadySpent = spent,
            Solved = (k, result) => results[pending[k]].TrySetResult(result),
        };
        var solving = Task.Run(() => set.SolveSetAsync([.. pending.Select(i => items[i].Problem with { Seed = Seeds.Derive(seed, i) })], generator, options, ct), ct);
        _ = solving.ContinueWith(t =>
        {
            foreach (var r in results.Values)
                if (t.Exception is { } e) r.TrySetException(e.InnerExceptions);
                else if (t.IsCanceled) r.TrySetCanceled(ct);
        }, TaskScheduler.Default);
        return new SetSolve(solving, results);
    }

    private async Task<EvalResultLine> SolveAsync(IGenerator generator, int i, ResumableLoop.Session session, Task<StrategyResult>? solvedInSet, CancellationToken ct)
    {
        var item = items[i];
        var problemSeed = Seeds.Derive(seed, i);
        var result = solvedInSet is not null
            ? await solvedInSet.WaitAsync(ct).ConfigureAwait(false)
            : await strategy.SolveAsync(item.Problem with { Seed = problemSeed }, generator, Budget.Unlimited, ct).ConfigureAwait(false);
        var grade = await item.GradeAsync(result.Answer, ct).ConfigureAwait(false);
        return new EvalResultLine(
            item.Problem.Id, i, problemSeed, item.Problem.Question, item.Gold, item.Problem.Difficulty,
            result.Answer, grade.Passed, grade.Reason, result.ChosenCandidate, result.StopReason,
            result.Candidates.Select(EvalCandidate.From).ToList(), result.Cost, session.Number, session.Seconds);
    }
}
