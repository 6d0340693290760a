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
        ResultsFile<EvalResultLine>.Read(ResultsPath);
    }

    public async Task<RunOutcome<EvalSummary, EvalResultLine>> RunAsync(IGenerator generator, Action<RunProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var manifest = Manifest(generator.Info.Model);
        manifest.Claim(folder, ResultsFileName);
        using var file = ResultsFile<EvalResultLine>.Open(ResultsPath);
        var done = file.Lines.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var alreadyDone = items.Count(i => done.Contains(i.Problem.Id));

        var clock = System.Diagnostics.Stopwatch.StartNew(); // the session's time includes a set-level strategy's solve
        var solvedTogether = await SolveSetAsync(generator, done, ct).ConfigureAwait(false);
        var outcome = await ResumableLoop.RunAsync(file, items, concurrency, (i, session, token) => SolveAsync(generator, i, session, solvedTogether, token), progress, ct, clock)
            .ConfigureAwait(false);

        // Rewritten from the lines every time, so they describe old and new problems alike (and an interrupted run).
        var summary = EvalSummary.Of(manifest, outcome.Lines, items.Count);
        AtomicFile.WriteAllText(Path.Combine(folder, EvalSummary.FileName), JsonSerializer.Serialize(summary, TtsJson.Options) + "\n");
        HtmlReport.Write(Path.Combine(folder, ReportFileName), summary, outcome.Lines, Figures?.Invoke(summary, outcome.Lines) ?? []);
        if (outcome.Cancelled) ct.ThrowIfCancellationRequested();
        return new RunOutcome<EvalSummary, EvalResultLine>(summary, outcome.Lines, alreadyDone, file.DroppedTornLine);
    }

    private RunManifest Manifest(string? model) => new("eval", benchmark, model, seed) { Strategy = strategy.Spec, Shots = Shots };

    /// <summary>
    /// A strategy that spends one budget across problems (<see cref="IProblemSetStrategy"/>) solves every problem not
    /// done yet in one go, before any line is written (on a resume its total covers the remaining problems only);
    /// null for the others, which solve problem by problem.
    /// </summary>
    private async Task<Dictionary<int, StrategyResult>?> SolveSetAsync(IGenerator generator, HashSet<string> done, CancellationToken ct)
    {
        if (strategy is not IProblemSetStrategy { SpendsAcrossProblems: true } set) return null;
        var pending = Enumerable.Range(0, items.Count).Where(i => !done.Contains(items[i].Problem.Id)).ToList();
        if (pending.Count == 0) return [];
        var results = await set.SolveSetAsync([.. pending.Select(i => items[i].Problem with { Seed = Seeds.Derive(seed, i) })], generator, concurrency, ct).ConfigureAwait(false);
        return pending.Zip(results).ToDictionary(x => x.First, x => x.Second);
    }

    private async Task<EvalResultLine> SolveAsync(IGenerator generator, int i, ResumableLoop.Session session, Dictionary<int, StrategyResult>? solvedTogether, CancellationToken ct)
    {
        var item = items[i];
        var problemSeed = Seeds.Derive(seed, i);
        var result = solvedTogether?[i] ?? await strategy.SolveAsync(item.Problem with { Seed = problemSeed }, generator, Budget.Unlimited, ct).ConfigureAwait(false);
        var grade = await item.GradeAsync(result.Answer, ct).ConfigureAwait(false);
        return new EvalResultLine(
            item.Problem.Id, i, problemSeed, item.Problem.Question, item.Gold, item.Problem.Difficulty,
            result.Answer, grade.Passed, grade.Reason, result.ChosenCandidate, result.StopReason,
            result.Candidates.Select(EvalCandidate.From).ToList(), result.Cost, session.Number, session.Seconds);
    }
}
