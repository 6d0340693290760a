using System.Text.Json;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Evals.Runs;
using static TtsOrchestrator.Cli.Tests.CliHost;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>
/// `tts curve` on samples.jsonl files SIMULATED here (per-problem pass rates from a seeded Beta distribution, no model):
/// curve.json, both plots, --json, and one-line errors.
/// </summary>
public sealed class CurveCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tts-curve-test").FullName;
    private string Samples => Path.Combine(_root, "samples");
    private string Out => Path.Combine(_root, "curve");

    /// <summary>A sample folder as `tts sample` leaves it: run.json and one line per problem, pass rates ~ Beta(α, β).</summary>
    private void Simulate(int problems, int samples, int seed = 1, double alpha = 0.7, double beta = 1.3, int shortLast = 0)
    {
        Directory.CreateDirectory(Samples);
        File.WriteAllText(Path.Combine(Samples, RunManifest.FileName),
            JsonSerializer.Serialize(new RunManifest("sample", "simulated", "beta-sim", 7) { K = samples }, TtsJson.Options));
        var rng = new Random(seed);
        var lines = new List<string>();
        for (var i = 0; i < problems; i++)
        {
            var p = MathNet.Numerics.Distributions.Beta.Sample(rng, alpha, beta);
            var n = i == problems - 1 && shortLast > 0 ? shortLast : samples;
            var records = Enumerable.Range(0, n).Select(_ =>
            {
                var right = rng.NextDouble() < p;
                var answer = right ? "42" : $"{rng.Next(40, 42)}";
                return new SampleRecord(answer, right, 12, FinishReason.EndOfText, $"#### {answer}");
            }).ToList();
            var line = new SampleLine($"sim/{i}", i, (ulong)i, "42", null, n, records.Count(r => r.Correct), 20, 12 * n, 0.1, records, 1, i);
            lines.Add(JsonSerializer.Serialize(line, TtsJson.Compact));
        }
        File.WriteAllText(Path.Combine(Samples, SampleRun.SamplesFileName), string.Join("\n", lines) + "\n");
    }

    private Task<Outcome> Curve(params string[] extra) =>
        Run(["curve", "--samples", Samples, "--out", Out, "--bootstrap", "100", .. extra]);

    [Fact]
    public async Task Curve_writes_curve_json_and_both_plots_and_prints_the_table_and_forecast()
    {
        Simulate(problems: 120, samples: 16);
        var o = await Curve("--fit-k", "4", "--extrapolate", "256");
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("simulated · beta-sim · 120 problems × 16 samples", o.Out);
        Assert.Contains("pass@k", o.Out);
        Assert.Contains("forecast from the first 4 samples of every problem, at N = 16", o.Out);
        Assert.Contains("maj@16, vote forecast", o.Out);
        Assert.Contains("wrote " + Path.Combine(Out, "curve.json"), o.Out);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "curve.json")));
        var root = json.RootElement;
        Assert.Equal(16, root.GetProperty("pass_at_k").GetArrayLength());
        Assert.Equal(16, root.GetProperty("maj_at_k").GetArrayLength());
        var predictions = root.GetProperty("beta").GetProperty("predictions");
        Assert.Equal(256, predictions[predictions.GetArrayLength() - 1].GetProperty("k").GetInt32());
        Assert.Equal(4, root.GetProperty("forecast").GetProperty("fit_k").GetInt32());
        foreach (var png in new[] { "coverage.png", "majority.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(Out, png));
            Assert.True(bytes.Length > 20_000, $"{png} has only {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }

    [Fact]
    public async Task Json_prints_curve_json()
    {
        Simulate(problems: 40, samples: 8);
        var o = await Curve("--json", "--extrapolate", "32");
        Assert.Equal(0, o.ExitCode);
        using var json = JsonDocument.Parse(o.Out);
        Assert.Equal(File.ReadAllText(Path.Combine(Out, "curve.json")), o.Out.ReplaceLineEndings("\n"));
        Assert.Equal(40, json.RootElement.GetProperty("problems").GetInt32());
        Assert.Equal(8, json.RootElement.GetProperty("samples_per_problem").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("forecast").ValueKind);
    }

    [Fact]
    public async Task A_measured_verifier_caps_the_useful_n_and_says_so()
    {
        Simulate(problems: 60, samples: 8);
        var o = await Curve("--extrapolate", "64", "--verifier-tpr", "0.9", "--verifier-fpr", "0.1");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("best-of-N with a verifier of TPR 0.9 and FPR 0.1: accuracy tends to", o.Out);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "curve.json")));
        var cap = json.RootElement.GetProperty("verifier_cap");
        Assert.InRange(cap.GetProperty("useful_samples").GetInt32(), 2, 1 << 20);
        var accuracy = cap.GetProperty("accuracy").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToList();
        Assert.Equal(accuracy.Order(), accuracy); // more samples never hurt in the model, they stop helping
        Assert.True(cap.GetProperty("limit").GetDouble() < 1);

        AssertOneLineError(await Curve("--verifier-tpr", "0.9"), 2, "--verifier-tpr and --verifier-fpr go together");
    }

    [Fact]
    public async Task Unequal_sample_counts_use_the_fewest_with_a_note()
    {
        Simulate(problems: 40, samples: 8, shortLast: 6);
        var o = await Curve("--extrapolate", "16");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("note: problems hold 6 to 8 samples; curves stop at k = 6", o.Out);
        Assert.Contains("40 problems × 6 samples", o.Out);
    }

    [Fact]
    public async Task Bad_inputs_fail_in_one_line()
    {
        AssertOneLineError(await Curve(), 1, "does not exist");
        Directory.CreateDirectory(Samples);
        AssertOneLineError(await Curve(), 1, "samples.jsonl not found");
        File.WriteAllText(Path.Combine(Samples, SampleRun.SamplesFileName), "");
        AssertOneLineError(await Curve(), 1, "holds no samples");

        Simulate(problems: 20, samples: 8);
        AssertOneLineError(await Curve("--fit-k", "8"), 2, "--fit-k 8 must be within 1..7");
        AssertOneLineError(await Curve("--fit-k", "0"), 2, "--fit-k 0 must be greater than 0");
        AssertOneLineError(await Run("curve", "--samples", Samples, "--out", Out, "--bootstrap", "0"), 2, "--bootstrap 0 must be within 1..100000");
        AssertOneLineError(await Curve("--extrapolate", "0"), 2, "--extrapolate 0 must be within 1..1000000");
        AssertOneLineError(await Run("curve", "--out", Out), 2, "--samples");
        File.WriteAllText(Out, "");
        AssertOneLineError(await Curve(), 2, "is a file");
    }

    [Fact]
    public async Task Help_shows_examples()
    {
        var o = await Run("curve", "--help");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("--fit-k", o.Out);
        Assert.Contains("tts curve --samples", o.Out);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
