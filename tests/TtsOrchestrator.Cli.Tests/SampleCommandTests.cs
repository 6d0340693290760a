using System.Text.Json;
using TtsOrchestrator.Tests.Shared;
using static TtsOrchestrator.Cli.Tests.CliHost;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>`tts sample`: K graded samples per problem in one request each, resumable like eval.</summary>
public sealed class SampleCommandTests(TinyModelFile tiny) : IClassFixture<TinyModelFile>, IDisposable
{
    private readonly string _out = Path.Combine(Directory.CreateTempSubdirectory("tts-sample-test").FullName, "run");

    private string File_(string name) => Path.Combine(_out, name);

    private Task<Outcome> Sample(ScriptedGenerator generator, params string[] extra) =>
        Run(new FixedResolver(generator), ["sample", "--benchmark", "arith", "--k", "4", "--limit", "6", "--max-tokens", "16", "--out", _out, .. extra]);

    [Fact]
    public async Task Sample_stores_k_graded_samples_per_problem_from_one_request_each()
    {
        var generator = ArithScript.Create(6);
        var o = await Sample(generator);
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("pass@1 50.0% · pass@4 50.0% on 6 problems", o.Out);
        Assert.Equal(6, generator.Requests.Count);
        Assert.All(generator.Requests, r => { Assert.Equal(4, r.N); Assert.Equal(16, r.MaxTokens); Assert.Equal(0.8, r.Sampling.Temperature); });

        var lines = File.ReadAllLines(File_("samples.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, lines.Count);
        foreach (var l in lines)
        {
            var right = int.Parse(l.GetProperty("difficulty").GetString()!) <= 3;
            var samples = l.GetProperty("samples").EnumerateArray().ToList();
            Assert.Equal(4, samples.Count);
            Assert.Equal(right ? 4 : 0, l.GetProperty("correct").GetInt32());
            Assert.All(samples, s =>
            {
                Assert.Equal(right, s.GetProperty("correct").GetBoolean());
                Assert.Equal(right ? l.GetProperty("gold").GetString() : "-999", s.GetProperty("answer").GetString());
                Assert.Equal(10, s.GetProperty("tokens").GetInt32());
                Assert.StartsWith(ArithScript.Markup, s.GetProperty("text").GetString());
            });
        }
        using var summary = JsonDocument.Parse(File.ReadAllText(File_("summary.json")));
        var root = summary.RootElement;
        Assert.Equal(6, root.GetProperty("problems").GetInt32());
        Assert.Equal(4, root.GetProperty("k").GetInt32());
        Assert.Equal(0.5, root.GetProperty("pass_at_1").GetDouble());
        Assert.Equal(0.5, root.GetProperty("pass_at_k").GetDouble());
    }

    [Fact]
    public async Task Sample_resumes_after_a_torn_line_and_refuses_another_k()
    {
        Assert.Equal(0, (await Sample(ArithScript.Create(6))).ExitCode);
        var full = File.ReadAllLines(File_("samples.jsonl"));
        var kept = string.Concat(full.Take(4).Select(l => l + "\n"));
        File.WriteAllText(File_("samples.jsonl"), kept + full[4][..40]);

        var again = ArithScript.Create(6);
        var o = await Sample(again);
        Assert.Equal(0, o.ExitCode);
        Assert.Equal(2, again.Requests.Count);
        Assert.StartsWith(kept, File.ReadAllText(File_("samples.jsonl")));
        Assert.Equal(6, File.ReadAllLines(File_("samples.jsonl")).Length);

        var before = File.ReadAllBytes(File_("samples.jsonl"));
        var other = await Run(new FixedResolver(ArithScript.Create(6)), "sample", "--benchmark", "arith", "--k", "8", "--limit", "6", "--max-tokens", "16", "--out", _out);
        AssertOneLineError(other, 2, "k '4', not '8'");
        Assert.Equal(before, File.ReadAllBytes(File_("samples.jsonl")));
    }

    [Fact]
    public async Task Sample_runs_on_the_real_engine()
    {
        var o = await Run("sample", "--benchmark", "arith", "--k", "3", "--limit", "2", "--max-tokens", "8", "--model", tiny.Path, "--threads", "1", "--out", _out);
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        var lines = File.ReadAllLines(File_("samples.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(3, l.GetProperty("samples").GetArrayLength()));
    }

    [Fact]
    public async Task Samples_scored_by_a_verifier_let_tts_curve_measure_its_error_rates_for_best_of_n()
    {
        // The first arith test problem is 20-61. One wrong sample slips on its step (the verifier catches it), one is
        // wrong with right arithmetic on a misread operand (the verifier passes it: a false positive).
        var generator = new VerifyingGenerator(
            [new("20-61=-41\n#### -41"), new("20-61=-40\n#### -40"), new("20-60=-40\n#### -40"), new("20-61=-41\n#### -41")],
            VerifyingGenerator.Arithmetic);
        var o = await Run(new FixedResolver(generator), "sample", "--benchmark", "arith", "--k", "4", "--limit", "1", "--verifier", "prm", "--out", _out);
        Assert.Equal((0, ""), (o.ExitCode, o.Err));
        var samples = JsonDocument.Parse(File.ReadAllLines(File_("samples.jsonl"))[0]).RootElement.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal([true, false, false, true], samples.Select(s => s.GetProperty("correct").GetBoolean()));
        Assert.Equal([0.9, 0.1, 0.9, 0.9], samples.Select(s => Math.Round(s.GetProperty("score").GetDouble(), 6)));
        Assert.Contains("\"verifier\": \"prm:min\"", File.ReadAllText(File_("run.json")));

        var curveOut = Path.Combine(Path.GetDirectoryName(_out)!, "curve");
        var curve = await Run("curve", "--samples", _out, "--out", curveOut, "--bootstrap", "50");
        Assert.Equal((0, ""), (curve.ExitCode, curve.Err));
        Assert.Contains("verifier prm:min at score >= 0.5: passes 2 of 2 right samples", curve.Out);
        Assert.Contains("best-of-n caps its N with fpr=0.5,tpr=1,threshold=0.5", curve.Out);
        var verifier = JsonDocument.Parse(File.ReadAllText(Path.Combine(curveOut, "curve.json"))).RootElement.GetProperty("verifier");
        Assert.Equal((1, 2, 0.75), (verifier.GetProperty("wrong_passed").GetInt32(), verifier.GetProperty("wrong").GetInt32(), verifier.GetProperty("auroc").GetDouble())); // 2 wins and 2 ties of 4 pairs

        // The same folder with another verifier would mix scores: refused.
        var other = await Run(new FixedResolver(generator), "sample", "--benchmark", "arith", "--k", "4", "--limit", "1", "--verifier", "logprob", "--out", _out);
        AssertOneLineError(other, 2, "verifier 'prm:min', not 'logprob'");
    }

    [Theory]
    [InlineData("--k", "0", "--k 0 must be within 1..1024")]
    [InlineData("--k", "5000", "--k 5000 must be within 1..1024")]
    [InlineData("--temperature", "-1", "--temperature -1 must be within 0..2")]
    [InlineData("--max-tokens", "0", "--max-tokens 0 must be at least 1")]
    [InlineData("--benchmark", "mmlu", "unknown benchmark 'mmlu'")]
    [InlineData("--verifier", "prn", "--verifier prn is not a verifier; use one of prm, judge, logprob, self-certainty")]
    public async Task Bad_inputs_fail_in_one_line_before_any_model_loads(string option, string value, string message)
    {
        string[] args = ["sample", "--benchmark", "arith", "--k", "4", "--temperature", "0.8", "--max-tokens", "16", "--verifier", "prm", "--model", "/nonexistent.gguf", "--out", _out];
        args[Array.IndexOf(args, option) + 1] = value;
        AssertOneLineError(await Run(args), 2, message);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public async Task A_missing_k_is_a_usage_error()
    {
        var o = await Run("sample", "--benchmark", "arith", "--out", _out);
        AssertOneLineError(o, 2, "--k");
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_out)!, recursive: true);
}
