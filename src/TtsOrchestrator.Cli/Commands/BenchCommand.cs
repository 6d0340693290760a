using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using TtsOrchestrator.Cli.Engines;
using TtsOrchestrator.Cli.Output;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Evals;

namespace TtsOrchestrator.Cli.Commands;

/// <summary>`tts bench`: strategies side by side on the same problems and seeds; a table and a Pareto plot.</summary>
internal static class BenchCommand
{
    public static Command Create(StrategyRegistry registry, IGeneratorResolver engines)
    {
        var engine = new EngineOptions();
        var problemOptions = new BenchmarkOptions("Problems to run (arith takes every level in turn)", "Root seed; problem i is sampled with a seed derived from it", 8, "Problems in flight at once");
        var (benchmark, limit, seed, concurrency, fields, dataDir, shots) = (problemOptions.Benchmark, problemOptions.Limit, problemOptions.Seed, problemOptions.Concurrency, problemOptions.Fields, problemOptions.DataDir, problemOptions.Shots);
        var strategies = new Option<string>("--strategies") { Description = "Strategy specs separated by ';', e.g. \"single;majority:n=16\"", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for bench.json, bench.md and pareto.png/.svg", Required = true };

        var command = new Command("bench", "Run strategies side by side on one benchmark and compare accuracy, samples, tokens and time.")
        {
            benchmark, strategies, limit, seed, concurrency, dataDir, fields, shots, output,
        };
        foreach (var option in engine.All) command.Options.Add(option);
        command.SetAction(async (parsed, ct) =>
        {
            // Every spec and option is checked before the model loads.
            var specs = parsed.GetValue(strategies)!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var solvers = specs.Select(registry.Create).ToList();
            var checks = new OptionChecks();
            checks.Require(solvers.Count > 0, "--strategies is empty; give specs separated by ';'");
            var problems = checks.Positive(parsed.GetValue(limit), "--limit");
            checks.Require(parsed.GetValue(concurrency) >= 1, "--concurrency must be at least 1");
            checks.Require(parsed.GetValue(shots) >= 0, $"--shots {parsed.GetValue(shots)} must be 0 or more");
            var selection = engine.Bind(parsed, checks);
            checks.ThrowIfAny();
            var items = Benchmarks.Load(parsed.GetValue(benchmark)!, parsed.GetValue(dataDir), problems, parsed.GetValue(fields), parsed.GetValue(shots));
            foreach (var set in solvers.OfType<IProblemSetStrategy>().Where(s => s.SpendsAcrossProblems)) set.CheckSet(items.Count);
            var folder = parsed.GetValue(output)!;
            Directory.CreateDirectory(folder);

            var console = ResultPrinter.ConsoleFor(parsed.InvocationConfiguration.Output);
            var rows = new List<BenchRow>();
            await engines.UseAsync(selection, async generator =>
            {
                var bench = new StrategyBench(generator, parsed.GetValue(concurrency), parsed.GetValue(seed));
                foreach (var (solver, label) in solvers.Zip(specs))
                {
                    var row = await bench.RunAsync(solver, items, done => { if (done % 25 == 0 || done == items.Count) console.MarkupLineInterpolated($"[grey]{label}: {done}/{items.Count}[/]"); }, ct);
                    rows.Add(row with { Label = label });
                    Write(folder, parsed.GetValue(benchmark)!, generator.Info.Model, rows); // after each strategy: a cut-off run keeps what it finished
                }
                return rows;
            }, ct);
            console.Write(Table(rows));
            console.MarkupLineInterpolated($"wrote {Path.Combine(folder, "bench.md")}, bench.json and pareto.png/.svg");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(string folder, string benchmark, string model, IReadOnlyList<BenchRow> rows)
    {
        File.WriteAllText(Path.Combine(folder, "bench.json"), JsonSerializer.Serialize(new { benchmark, model, rows }, TtsJson.Options));
        File.WriteAllText(Path.Combine(folder, "bench.md"), Markdown(benchmark, model, rows));
        ParetoPlot.Write(rows, benchmark, Path.Combine(folder, "pareto"));
    }

    private static string Markdown(string benchmark, string model, IReadOnlyList<BenchRow> rows)
    {
        var text = new StringBuilder($"# {benchmark} on {model}\n\n| strategy | problems | accuracy % | 95% CI | samples/problem | verifier queries/problem | generated tokens/problem | wall s | generator share |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var r in rows)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{r.Label}` | {r.Problems} | {100 * r.Accuracy:0.0} | {100 * r.AccuracyLow:0.0}–{100 * r.AccuracyHigh:0.0} | {r.SamplesMean:0.0} | {r.VerifierQueriesMean:0.0} | {r.GeneratedTokensMean:0} | {r.WallSeconds:0.0} | {100 * r.GeneratorShare:0.0}% |"));
        return text.ToString();
    }

    private static Table Table(IReadOnlyList<BenchRow> rows)
    {
        var table = new Table().AddColumns("strategy", "accuracy", "95% CI", "samples", "verifier queries", "tokens", "wall s");
        foreach (var r in rows)
            table.AddRow(Markup.Escape(r.Label), $"{100 * r.Accuracy:0.0}%", $"{100 * r.AccuracyLow:0.0}–{100 * r.AccuracyHigh:0.0}",
                $"{r.SamplesMean:0.0}", $"{r.VerifierQueriesMean:0.0}", $"{r.GeneratedTokensMean:0}", $"{r.WallSeconds:0.0}");
        return table;
    }
}
