using System.Text.Json;
using System.Text.RegularExpressions;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Evals;
using TtsOrchestrator.Evals.Arith;
using TtsOrchestrator.Strategies;
using TtsOrchestrator.Tests.Shared;
using static TtsOrchestrator.Cli.Tests.CliHost;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>
/// `tts eval`: the files of DESIGN.md's contract, resuming (after a finished run and after a torn line), refusing a
/// folder of another run, the report. Runner logic runs on <see cref="ArithScript"/> (levels 1–3 right); one test
/// runs the real engine on the tiny random GGUF.
/// </summary>
public sealed partial class EvalCommandTests(TinyModelFile tiny) : IClassFixture<TinyModelFile>, IDisposable
{
    private readonly string _out = Path.Combine(Directory.CreateTempSubdirectory("tts-eval-test").FullName, "run");
    private const string Spec = "majority:n=3,max_tokens=16";

    private string File_(string name) => Path.Combine(_out, name);

    private Task<Outcome> Eval(ScriptedGenerator generator, params string[] extra) =>
        Run(new FixedResolver(generator), ["eval", "--benchmark", "arith", "--strategy", Spec, "--limit", "6", "--seed", "7", "--out", _out, .. extra]);

    private static readonly string[] SummaryFields =
    [
        "benchmark", "strategy", "model", "problems", "correct", "accuracy", "samples_total", "samples_mean",
        "prompt_tokens", "generated_tokens", "wall_seconds", "accuracy_low", "accuracy_high", "by_difficulty",
    ];

    [Fact]
    public async Task Eval_writes_one_result_line_per_problem_and_a_summary_with_the_contract_fields()
    {
        var generator = ArithScript.Create(6);
        var o = await Eval(generator);
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("eval arith: 6/6 · accuracy 50.0%", o.Out); // plain progress: the test's writer is not a terminal
        Assert.Contains("accuracy 50.0% (95% CI 18.8–81.2) on 6 problems", o.Out);

        var lines = File.ReadAllLines(File_("results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, lines.Count);
        var items = ArithTask.Load(6);
        Assert.Equal(items.Select(i => i.Problem.Id).Order(), lines.Select(l => l.GetProperty("id").GetString()).Order());
        foreach (var l in lines)
        {
            var level = int.Parse(l.GetProperty("difficulty").GetString()!);
            Assert.Equal(level <= 3, l.GetProperty("correct").GetBoolean());
            Assert.Equal(level <= 3 ? l.GetProperty("gold").GetString() : "-999", l.GetProperty("answer").GetString());
            Assert.False(string.IsNullOrEmpty(l.GetProperty("grade_reason").GetString()));
            var candidates = l.GetProperty("candidates").EnumerateArray().ToList();
            Assert.Equal(3, candidates.Count);
            Assert.All(candidates, c => { _ = c.GetProperty("answer"); _ = c.GetProperty("score"); Assert.Equal(10, c.GetProperty("tokens").GetInt32()); });
            Assert.Equal(3, l.GetProperty("cost").GetProperty("samples").GetInt32());
            Assert.Equal(Seeds.Derive(7, l.GetProperty("index").GetInt32()), l.GetProperty("seed").GetUInt64());
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(File_("summary.json")));
        var s = summary.RootElement;
        Assert.All(SummaryFields, f => Assert.True(s.TryGetProperty(f, out _), f));
        Assert.Equal("arith", s.GetProperty("benchmark").GetString());
        Assert.Equal("scripted", s.GetProperty("model").GetString());
        Assert.StartsWith("majority:n=3,", s.GetProperty("strategy").GetString());
        Assert.Equal(6, s.GetProperty("problems").GetInt32());
        Assert.Equal(3, s.GetProperty("correct").GetInt32());
        Assert.Equal(0.5, s.GetProperty("accuracy").GetDouble());
        Assert.Equal(18, s.GetProperty("samples_total").GetInt32());
        Assert.Equal(3.0, s.GetProperty("samples_mean").GetDouble());
        Assert.Equal(180, s.GetProperty("generated_tokens").GetInt64());
        Assert.Equal(["1", "2", "3", "4", "5", "6"], s.GetProperty("by_difficulty").EnumerateArray().Select(d => d.GetProperty("difficulty").GetString()));
    }

    [Fact]
    public async Task Eval_samples_with_the_same_per_problem_seeds_as_bench()
    {
        var evalGenerator = ArithScript.Create(6);
        Assert.Equal(0, (await Eval(evalGenerator)).ExitCode);
        var benchGenerator = ArithScript.Create(6);
        await new StrategyBench(benchGenerator, 4, 7).RunAsync(BuiltInStrategies.CreateRegistry().Create(Spec), ArithTask.Load(6), null, CancellationToken.None);

        static IEnumerable<string> Seeded(ScriptedGenerator g) => g.Requests.Select(r => $"{ArithScript.Question(r)} {r.Sampling.Seed}").Order();
        Assert.Equal(Seeded(benchGenerator), Seeded(evalGenerator));
    }

    [Fact]
    public async Task Rerunning_a_finished_eval_runs_nothing_and_keeps_every_file_byte()
    {
        Assert.Equal(0, (await Eval(ArithScript.Create(6))).ExitCode);
        var results = File.ReadAllBytes(File_("results.jsonl"));
        var summary = File.ReadAllText(File_("summary.json"));

        var again = ArithScript.Create(6);
        var o = await Eval(again);
        Assert.Equal(0, o.ExitCode);
        Assert.Empty(again.Requests);
        Assert.Contains("resumed: 6 problems were done by earlier runs", o.Out);
        Assert.Equal(results, File.ReadAllBytes(File_("results.jsonl")));
        Assert.Equal(summary, File.ReadAllText(File_("summary.json")));
    }

    [Fact]
    public async Task A_run_killed_mid_write_resumes_redoing_only_the_torn_and_missing_problems()
    {
        Assert.Equal(0, (await Eval(ArithScript.Create(6))).ExitCode);
        var full = File.ReadAllLines(File_("results.jsonl"));
        var summary = File.ReadAllText(File_("summary.json"));
        // What SIGKILL during the fourth write leaves: three whole lines and the start of the fourth.
        var kept = string.Concat(full.Take(3).Select(l => l + "\n"));
        File.WriteAllText(File_("results.jsonl"), kept + full[3][..(full[3].Length / 2)]);
        File.Delete(File_("summary.json"));

        var again = ArithScript.Create(6);
        var o = await Eval(again);
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("results.jsonl ended in a partly written line", o.Out);
        Assert.Contains("resumed: 3 problems were done by earlier runs", o.Out);
        var redone = full.Skip(3).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()).Order();
        Assert.Equal(redone, again.Requests.Select(ArithScript.Question).Order());

        var now = File.ReadAllText(File_("results.jsonl"));
        Assert.StartsWith(kept, now);
        Assert.Equal(6, now.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        using var fresh = JsonDocument.Parse(File.ReadAllText(File_("summary.json")));
        using var old = JsonDocument.Parse(summary);
        foreach (var field in new[] { "problems", "correct", "accuracy", "samples_total", "generated_tokens" })
            Assert.Equal(old.RootElement.GetProperty(field).GetRawText(), fresh.RootElement.GetProperty(field).GetRawText());
    }

    [Theory]
    [InlineData("--strategy", "single", "strategy 'majority:n=3,")]
    [InlineData("--seed", "8", "seed '7', not '8'")]
    [InlineData("--benchmark", "gsm8k", "benchmark 'arith', not 'gsm8k'")]
    public async Task Another_run_in_the_same_folder_is_refused_before_the_model_loads_and_changes_nothing(string option, string value, string message)
    {
        Assert.Equal(0, (await Eval(ArithScript.Create(6))).ExitCode);
        var before = Directory.GetFiles(_out).Order().ToDictionary(f => f, File.ReadAllBytes);

        var resolver = new FixedResolver(ArithScript.Create(6));
        string[] args = ["eval", "--benchmark", "arith", "--strategy", Spec, "--limit", "6", "--seed", "7", "--out", _out, "--data-dir", SharedData.DatasetsDirectory];
        args[Array.IndexOf(args, option) + 1] = value;
        var o = await Run(resolver, args);

        AssertOneLineError(o, 2, message);
        Assert.Contains($"--out {_out} holds a tts eval run", o.Err);
        Assert.Contains("choose another --out (nothing was changed)", o.Err);
        Assert.Null(resolver.Selection); // refused before any engine was asked for
        Assert.Equal(before.Keys, Directory.GetFiles(_out).Order());
        Assert.All(before, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["']?https?:""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalLink();

    [Fact]
    public async Task The_report_is_one_self_contained_page_listing_every_problem_with_plots()
    {
        Assert.Equal(0, (await Eval(ArithScript.Create(6))).ExitCode);
        var html = File.ReadAllText(File_("report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotMatch(ExternalLink(), html);
        Assert.DoesNotContain(ArithScript.Markup, html); // model text is escaped
        Assert.Contains("&lt;b&gt;work&lt;/b&gt;", html);
        Assert.Equal(2, Regex.Matches(html, "src=\"data:image/png;base64,").Count);
        foreach (var item in ArithTask.Load(6))
            Assert.Contains($">{item.Problem.Id}</a>", html);
        foreach (Match link in Regex.Matches(html, "href=\"#([^\"]+)\""))
            Assert.Contains($"id=\"{link.Groups[1].Value}\"", html);
    }

    [Fact]
    public async Task A_cancelled_eval_keeps_its_finished_lines_and_still_writes_summary_and_report()
    {
        using var cancel = new CancellationTokenSource();
        var solve = ArithScript.Solver(6);
        var calls = 0;
        var generator = new ScriptedGenerator((request, i) =>
        {
            if (i == 0 && Interlocked.Increment(ref calls) == 3) cancel.Cancel(); // during the third problem
            return solve(request);
        });
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await new TtsApp(BuiltInStrategies.CreateRegistry(), new FixedResolver(generator)).RunAsync(
            ["eval", "--benchmark", "arith", "--strategy", Spec, "--limit", "6", "--concurrency", "1", "--out", _out], stdout, stderr, cancel.Token);

        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal("tts: cancelled", stderr.ToString().Trim());
        var done = File.ReadAllLines(File_("results.jsonl")).Length;
        Assert.InRange(done, 1, 5);
        using var summary = JsonDocument.Parse(File.ReadAllText(File_("summary.json")));
        Assert.Equal(done, summary.RootElement.GetProperty("problems").GetInt32());
        Assert.Equal(6, summary.RootElement.GetProperty("problems_requested").GetInt32());
        Assert.Contains($"{done} of 6 (the run was interrupted", File.ReadAllText(File_("report.html")));
    }

    [Fact]
    public async Task Json_prints_the_summary()
    {
        var o = await Eval(ArithScript.Create(6), "--json");
        Assert.Equal(0, o.ExitCode);
        using var doc = JsonDocument.Parse(o.Out);
        Assert.Equal(0.5, doc.RootElement.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public async Task Eval_runs_on_the_real_engine()
    {
        var o = await Run("eval", "--benchmark", "arith", "--strategy", "majority:n=2,max_tokens=8", "--limit", "3", "--model", tiny.Path, "--threads", "1", "--out", _out);
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        Assert.Equal(3, File.ReadAllLines(File_("results.jsonl")).Length);
        using var summary = JsonDocument.Parse(File.ReadAllText(File_("summary.json")));
        Assert.Equal("tiny.gguf", summary.RootElement.GetProperty("model").GetString());
        Assert.Equal(6, summary.RootElement.GetProperty("samples_total").GetInt32());
        Assert.InRange(summary.RootElement.GetProperty("generated_tokens").GetInt64(), 1, 6 * 8);
    }

    [Theory]
    [InlineData("--benchmark", "mmlu", 2, "unknown benchmark 'mmlu'; choose one of arith, gsm8k")]
    [InlineData("--strategy", "majorty:n=2", 2, "unknown strategy 'majorty'")]
    [InlineData("--limit", "0", 2, "--limit 0 must be greater than 0")]
    [InlineData("--benchmark", "gsm8k", 1, "does not exist; point --data-dir")]
    public async Task Bad_inputs_fail_in_one_line_before_any_model_loads(string option, string value, int exitCode, string message)
    {
        string[] args = ["eval", "--strategy", "single", "--benchmark", "arith", "--limit", "2", "--data-dir", "/nonexistent", "--model", "/nonexistent.gguf", "--out", _out];
        args[Array.IndexOf(args, option) + 1] = value;
        AssertOneLineError(await Run(args), exitCode, message);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public async Task A_shared_budget_is_spent_across_the_runs_problems_and_a_rerun_resumes()
    {
        var o = await Run(new FixedResolver(ArithScript.Create(6)), ["eval", "--benchmark", "arith", "--strategy", "budget:total=20,probe=2,max=8,price=0", "--limit", "6", "--out", _out]);
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        var lines = File.ReadAllLines(File_("results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, lines.Count);
        Assert.Equal(20, lines.Sum(l => l.GetProperty("cost").GetProperty("samples").GetInt32()));
        Assert.All(lines, l => Assert.InRange(l.GetProperty("cost").GetProperty("samples").GetInt32(), 2, 8));
        using (var summary = JsonDocument.Parse(File.ReadAllText(File_("summary.json"))))
            Assert.True(summary.RootElement.GetProperty("wall_seconds").GetDouble() + 0.001 >= lines.Max(l => l.GetProperty("cost").GetProperty("wall_time").GetDouble()),
                "the summary's wall time covers the set-level solve");

        var again = await Run(new FixedResolver(ArithScript.Create(6)), ["eval", "--benchmark", "arith", "--strategy", "budget:total=20,probe=2,max=8,price=0", "--limit", "6", "--out", _out]);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("resumed: 6 problems", again.Out);
        Assert.Equal(6, File.ReadAllLines(File_("results.jsonl")).Length);
    }

    [Theory]
    [InlineData("eval", "--strategy")]
    [InlineData("bench", "--strategies")]
    public async Task A_shared_total_too_small_for_the_probes_is_refused_before_anything_runs(string command, string option)
    {
        var generator = ArithScript.Create(6);
        var o = await Run(new FixedResolver(generator), [command, "--benchmark", "arith", option, "budget:total=10,probe=2", "--limit", "6", "--out", _out]);
        AssertOneLineError(o, 2, "budget total=10 cannot probe 6 problems with 2 samples each; raise total to at least 12 or lower probe");
        Assert.Empty(generator.Requests);
        Assert.False(Directory.Exists(_out));
    }

    /// <summary>Arith answers, except that one problem splits its samples and its second call waits for the test.</summary>
    private sealed class GatedGenerator(string heldQuestion) : IGenerator
    {
        private readonly Func<GenerationRequest, string> _solve = ArithScript.Solver(6);
        private int _heldCalls;
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public GeneratorInfo Info { get; } = new("gated", ParameterCount: 1_000_000);

        public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            var held = ArithScript.Question(request) == heldQuestion;
            if (held && Interlocked.Increment(ref _heldCalls) == 2) await Gate.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            var completions = Enumerable.Range(0, request.N).Select(i => new Completion
            {
                Index = i, Text = held && i % 2 == 1 ? "#### -999" : _solve(request), FinishReason = FinishReason.EndOfText, PromptTokens = 7, GeneratedTokens = 10,
            }).ToList();
            return new GenerationResult { Completions = completions, PromptTokensEvaluated = 7 };
        }
    }

    [Fact]
    public async Task A_shared_budget_writes_each_problems_line_as_soon_as_it_is_settled()
    {
        var held = ArithTask.Load(6)[0].Problem.Question; // level 1: the script answers it right, so half its samples disagree
        var generator = new GatedGenerator(held);
        var run = Run(new FixedResolver(generator), ["eval", "--benchmark", "arith", "--strategy", "budget:total=60,probe=4,max=12,price=0.01", "--limit", "6", "--out", _out]);

        // Five problems agree in their probe and are done; the sixth is split and its next batch is held.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (LinesWritten() < 5 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.False(run.IsCompleted);
        Assert.Equal(5, LinesWritten());

        generator.Gate.SetResult();
        int LinesWritten()
        {
            if (!File.Exists(File_("results.jsonl"))) return 0;
            // tts holds the results file locked against a second tts (.NET's advisory lock): `cat` reads past it.
            using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", File_("results.jsonl")) { RedirectStandardOutput = true })!;
            var text = cat.StandardOutput.ReadToEnd();
            cat.WaitForExit();
            return text.Count(c => c == '\n');
        }
        var o = await run;
        Assert.Equal((0, ""), (o.ExitCode, o.Err));
        var last = JsonDocument.Parse(File.ReadAllLines(File_("results.jsonl"))[^1]).RootElement;
        Assert.Equal(held, last.GetProperty("question").GetString());
        Assert.True(last.GetProperty("cost").GetProperty("samples").GetInt32() > 4);
    }

    [Theory]
    [InlineData("3", "--shots applies to gsm8k and mbpp")]
    [InlineData("-1", "--shots -1 must be 0 or more")]
    public async Task Shots_are_refused_where_the_benchmark_has_no_examples(string shots, string message)
    {
        AssertOneLineError(await Run("eval", "--strategy", "single", "--benchmark", "arith", "--shots", shots, "--model", "/nonexistent.gguf", "--out", _out), 2, message);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public async Task A_bad_dataset_line_is_named_with_its_file_and_line()
    {
        var data = Path.Combine(Path.GetDirectoryName(_out)!, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, Gsm8kBenchmark.TestFile), "{\"question\":\"1+1?\",\"answer\":\"so\\n#### 2\"}\n{\"question\": oops\n");
        var o = await Run("eval", "--benchmark", "gsm8k", "--strategy", "single", "--data-dir", data, "--model", "/nonexistent.gguf", "--out", _out);
        AssertOneLineError(o, 1, $"{Path.Combine(data, Gsm8kBenchmark.TestFile)}:2: not a JSON object");
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public async Task A_damaged_results_line_is_named_and_left_alone()
    {
        Assert.Equal(0, (await Eval(ArithScript.Create(6))).ExitCode);
        var lines = File.ReadAllLines(File_("results.jsonl"));
        lines[1] = "{\"id\": oops";
        File.WriteAllLines(File_("results.jsonl"), lines);
        var before = File.ReadAllBytes(File_("results.jsonl"));

        AssertOneLineError(await Eval(ArithScript.Create(6)), 1, $"{File_("results.jsonl")}:2: not a result line");
        Assert.Equal(before, File.ReadAllBytes(File_("results.jsonl")));
    }

    [Fact]
    public async Task An_out_that_is_a_file_is_refused()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_out)!);
        File.WriteAllText(_out, "mine");
        AssertOneLineError(await Eval(ArithScript.Create(6)), 2, "is a file; pass a folder");
        Assert.Equal("mine", File.ReadAllText(_out));
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_out)!, recursive: true);
}
