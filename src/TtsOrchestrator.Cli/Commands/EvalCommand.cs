using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TtsOrchestrator.Cli.Engines;
using TtsOrchestrator.Cli.Output;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Evals;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Cli.Commands;

/// <summary>
/// `tts eval`: one strategy on a benchmark, graded, into --out (results.jsonl, summary.json, report.html); rerunning
/// with the same --out resumes. The work is <see cref="EvalRun"/>'s; this is options, engine and printing.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(StrategyRegistry registry, IGeneratorResolver engines)
    {
        var engine = new EngineOptions();
        var problemOptions = new BenchmarkOptions("Problems to run (arith takes every level in turn)", "Root seed; problem i is sampled with a seed derived from it (as in tts bench)", 8, "Problems in flight at once");
        var (benchmark, limit, seed, concurrency, fields, dataDir, shots) = (problemOptions.Benchmark, problemOptions.Limit, problemOptions.Seed, problemOptions.Concurrency, problemOptions.Fields, problemOptions.DataDir, problemOptions.Shots);
        var strategy = CommonOptions.Strategy();
        var output = new Option<string>("--out", "-o") { Description = "Folder for run.json, results.jsonl, summary.json and report.html; the same folder again resumes", Required = true };

        var command = new Command("eval", "Evaluate one strategy on a benchmark: per-problem results, a summary and an HTML report; reruns resume.")
        {
            benchmark, strategy, limit, seed, concurrency, dataDir, fields, shots, output,
        };
        foreach (var option in engine.All) command.Options.Add(option);
        command.SetAction(async (parsed, ct) =>
        {
            // Every option, the benchmark and the folder are checked before the model loads.
            var solver = registry.Create(parsed.GetValue(strategy)!);
            var checks = new OptionChecks();
            var problems = checks.Positive(parsed.GetValue(limit), "--limit");
            checks.Require(parsed.GetValue(concurrency) >= 1, "--concurrency must be at least 1");
            checks.Require(parsed.GetValue(shots) >= 0, $"--shots {parsed.GetValue(shots)} must be 0 or more");
            var folder = parsed.GetValue(output)!;
            RunFolder.Check(checks, folder);
            var selection = engine.Bind(parsed, checks);
            checks.ThrowIfAny();
            var name = parsed.GetValue(benchmark)!;
            var items = RunFolder.Load(name, parsed.GetValue(dataDir), problems, parsed.GetValue(fields), parsed.GetValue(shots));
            var run = new EvalRun(folder, name, items, solver, parsed.GetValue(seed), parsed.GetValue(concurrency)) { Figures = EvalPlots.For, Shots = parsed.GetValue(shots) };
            run.Check();

            var console = ResultPrinter.ConsoleFor(parsed.InvocationConfiguration.Output);
            var json = parsed.GetValue(CommonOptions.Json);
            var outcome = await engines.UseAsync(selection, generator =>
                RunProgressView.RunAsync(console, $"eval {name}", "accuracy", quiet: json, progress => run.RunAsync(generator, progress, ct)), ct);

            if (json)
            {
                await parsed.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(outcome.Summary, TtsJson.Options));
                return ExitCodes.Success;
            }
            RunFolder.PrintResume(console, outcome.AlreadyDone, outcome.DroppedTornLine, EvalRun.ResultsFileName);
            Print(console, outcome.Summary);
            console.MarkupLineInterpolated($"wrote {Path.Combine(folder, EvalRun.ResultsFileName)}, {EvalSummary.FileName} and {EvalRun.ReportFileName}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, EvalSummary s)
    {
        console.MarkupLineInterpolated(
            $"[bold]accuracy {100 * s.Accuracy:0.0}%[/] (95% CI {100 * s.AccuracyLow:0.0}–{100 * s.AccuracyHigh:0.0}) on {s.Problems} problems · {s.SamplesMean:0.0} samples and {s.GeneratedTokensMean:0} generated tokens per problem · {s.WallSeconds:0.0} s");
        if (s.ByDifficulty.Count == 0) return;
        var table = new Table().Border(TableBorder.Simple).AddColumns("difficulty", "problems", "accuracy", "95% CI");
        foreach (var d in s.ByDifficulty)
            table.AddRow(d.Difficulty.EscapeMarkup(), $"{d.Problems}", $"{100 * d.Accuracy:0.0}%", $"{100 * d.AccuracyLow:0.0}–{100 * d.AccuracyHigh:0.0}");
        console.Write(table);
    }
}
