using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TtsOrchestrator.Cli.Engines;
using TtsOrchestrator.Cli.Output;
using TtsOrchestrator.Core.Scoring;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Evals;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Cli.Commands;

/// <summary>
/// `tts sample`: K raw, graded samples per problem into --out (samples.jsonl, summary.json), the input of offline
/// curves; rerunning with the same --out resumes. The work is <see cref="SampleRun"/>'s.
/// </summary>
internal static class SampleCommand
{
    private const int MaxK = 1024; // majority's n allows as much; one request holds all K samples

    public static Command Create(IGeneratorResolver engines)
    {
        var engine = new EngineOptions();
        var problemOptions = new BenchmarkOptions("Problems to sample (arith takes every level in turn)", "Root seed; problem i is sampled with a seed derived from it (as in eval and bench)", 4, "Problems in flight at once (each is K sequences)");
        var (benchmark, limit, seed, concurrency, fields, dataDir, shots) = (problemOptions.Benchmark, problemOptions.Limit, problemOptions.Seed, problemOptions.Concurrency, problemOptions.Fields, problemOptions.DataDir, problemOptions.Shots);
        var k = new Option<int>("--k", "-k") { Description = $"Samples per problem (1..{MaxK}), drawn in one batched request", Required = true };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature (0..2; majority's default)", DefaultValueFactory = _ => 0.8 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Token limit per sample", DefaultValueFactory = _ => 512 };
        var output = new Option<string>("--out", "-o") { Description = "Folder for run.json, samples.jsonl and summary.json; the same folder again resumes", Required = true };
        var verifier = new Option<string?>("--verifier") { Description = "Also score every sample with this verifier, so tts curve can measure its error rates (what best-of-n's fpr/tpr need)" };
        var aggregation = new Option<string>("--agg") { Description = "How the prm verifier folds step scores into one", DefaultValueFactory = _ => "min" };

        var command = new Command("sample", "Store K graded samples per problem for offline coverage, pass@k and maj@k curves; reruns resume.")
        {
            benchmark, k, limit, seed, temperature, maxTokens, concurrency, dataDir, fields, shots, verifier, aggregation, output,
        };
        foreach (var option in engine.All) command.Options.Add(option);
        command.SetAction(async (parsed, ct) =>
        {
            var checks = new OptionChecks();
            var samples = parsed.GetValue(k);
            checks.Require(samples is >= 1 and <= MaxK, $"--k {samples} must be within 1..{MaxK}");
            var problems = checks.Positive(parsed.GetValue(limit), "--limit");
            var t = parsed.GetValue(temperature);
            checks.Require(t is >= 0 and <= 2, $"--temperature {t} must be within 0..2");
            checks.Require(parsed.GetValue(maxTokens) >= 1, $"--max-tokens {parsed.GetValue(maxTokens)} must be at least 1");
            checks.Require(parsed.GetValue(concurrency) >= 1, "--concurrency must be at least 1");
            checks.Require(parsed.GetValue(shots) >= 0, $"--shots {parsed.GetValue(shots)} must be 0 or more");
            var scorer = parsed.GetValue(verifier);
            checks.Require(scorer is null || SolutionScoring.Verifiers.Contains(scorer), $"--verifier {scorer} is not a verifier; use one of {string.Join(", ", SolutionScoring.Verifiers)}");
            checks.Require(SolutionScoring.Aggregations.Contains(parsed.GetValue(aggregation)!), $"--agg {parsed.GetValue(aggregation)} is not an aggregation; use one of {string.Join(", ", SolutionScoring.Aggregations)}");
            var folder = parsed.GetValue(output)!;
            RunFolder.Check(checks, folder);
            var selection = engine.Bind(parsed, checks);
            checks.ThrowIfAny();
            var name = parsed.GetValue(benchmark)!;
            var items = RunFolder.Load(name, parsed.GetValue(dataDir), problems, parsed.GetValue(fields), parsed.GetValue(shots));
            var run = new SampleRun(folder, name, items, new SampleRun.Settings(samples, t, parsed.GetValue(maxTokens), parsed.GetValue(verifier), parsed.GetValue(aggregation)!), parsed.GetValue(seed), parsed.GetValue(concurrency)) { Shots = parsed.GetValue(shots) };
            run.Check();

            var console = ResultPrinter.ConsoleFor(parsed.InvocationConfiguration.Output);
            var json = parsed.GetValue(CommonOptions.Json);
            var outcome = await engines.UseAsync(selection, generator =>
                RunProgressView.RunAsync(console, $"sample {name}", "pass@1", quiet: json, progress => run.RunAsync(generator, progress, ct)), ct);

            var s = outcome.Summary;
            if (json)
            {
                await parsed.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(s, TtsJson.Options));
                return ExitCodes.Success;
            }
            RunFolder.PrintResume(console, outcome.AlreadyDone, outcome.DroppedTornLine, SampleRun.SamplesFileName);
            console.MarkupLineInterpolated(
                $"[bold]pass@1 {100 * s.PassAt1:0.0}%[/] · pass@{s.K} {100 * s.PassAtK:0.0}% on {s.Problems} problems · {s.SamplesTotal} samples, {s.GeneratedTokens} generated tokens · {s.WallSeconds:0.0} s");
            console.MarkupLineInterpolated($"wrote {Path.Combine(folder, SampleRun.SamplesFileName)} and {SampleRun.SummaryFileName}");
            return ExitCodes.Success;
        });
        return command;
    }
}
