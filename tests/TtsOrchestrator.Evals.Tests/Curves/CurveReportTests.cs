using System.Text.Json;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Evals.Curves;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Evals.Tests.Curves;

/// <summary><c>tts curve</c>'s assembly (<see cref="CurveInput"/>, <see cref="CurveAnalysis"/>) on samples.jsonl files written here.</summary>
public sealed class CurveReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tts-curve-report").FullName;
    private static readonly CurveSettings Fast = new(Bootstrap: 200, Extrapolate: 64);

    internal static SampleLine Line(string id, params (string? Answer, bool Correct)[] samples) =>
        new(id, 0, 0, "gold", null, samples.Length, samples.Count(s => s.Correct), 10, 10 * samples.Length, 0.1,
            samples.Select(s => new SampleRecord(s.Answer, s.Correct, 10, FinishReason.EndOfText, s.Answer ?? "no answer")).ToList(), 1, 1);

    private void Write(IEnumerable<SampleLine> lines, string tail = "", bool manifest = true)
    {
        File.WriteAllText(Path.Combine(_dir, SampleRun.SamplesFileName),
            string.Concat(lines.Select(l => JsonSerializer.Serialize(l, TtsJson.Compact) + "\n")) + tail);
        if (manifest)
            File.WriteAllText(Path.Combine(_dir, RunManifest.FileName),
                JsonSerializer.Serialize(new RunManifest("sample", "handmade", "test-model", 1) { K = 4 }, TtsJson.Options));
    }

    /// <summary>Three problems whose pass@k and maj@k are worked out by hand in the test below.</summary>
    private static SampleLine[] HandMade() =>
    [
        Line("p1", ("A", true), ("A", true), ("B", false), ("A", true)),
        Line("p2", ("X", false), ("Y", false), ("Z", false), (null, false)),
        Line("p3", ("R", true), ("W", false), ("W", false), (null, false)),
    ];

    [Fact]
    public void Measured_curves_match_pass_at_k_and_maj_at_k_worked_out_by_hand()
    {
        Write(HandMade());
        var report = CurveAnalysis.Build(CurveInput.Load(_dir), Fast).Report;

        // pass@k per problem: p1 (c=3 of 4) 3/4, 1, 1, 1; p2 0; p3 (c=1) 1/4, 1/2, 3/4, 1.
        double[] pass = [1.0 / 3, 1.0 / 2, 7.0 / 12, 2.0 / 3];
        // maj@k: p1 3/4, (3 AA pairs + 3 AB ties·½)/6 = 3/4, 1, 1; p2 0 (never right);
        // p3 1/4, ({R,W}×2 ties·½ + {R,-} wins)/6 = 1/3, ({R,W,-}×2 ties·½)/4 = 1/4, 0 (W has two votes).
        double[] maj = [1.0 / 3, (3.0 / 4 + 1.0 / 3) / 3, (1 + 1.0 / 4) / 3, 1.0 / 3];
        Assert.Equal(4, report.SamplesPerProblem);
        Assert.Equal([1, 2, 3, 4], report.PassAtK.Select(p => p.K));
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(pass[k], report.PassAtK[k].Value, 12);
            Assert.Equal(maj[k], report.MajAtK[k].Value, 12);
            Assert.True(report.PassAtK[k].Low <= pass[k] && pass[k] <= report.PassAtK[k].High);
        }
        Assert.Equal("handmade", report.Benchmark);
        Assert.Equal("test-model", report.Model);
        Assert.Equal(3, report.Problems);
        Assert.Null(report.Forecast);
        Assert.Equal([1, 2, 4, 8, 16, 32, 64], report.PowerLaw!.Predictions.Select(p => p.K));
        // Three problems are too few for BetaPassRateFit: some bootstrap resample has no overdispersion and its refit
        // does not converge. That costs the Beta fit, with a note, never the command.
        if (report.Beta is null) Assert.Contains(report.Notes, n => n.StartsWith("no Beta fit: its optimiser did not converge"));
    }

    [Fact]
    public void Curve_json_is_snake_case_and_round_trips()
    {
        Write(Simulate(problems: 80, samples: 8, seed: 2));
        var analysis = CurveAnalysis.Build(CurveInput.Load(_dir), Fast with { FitK = 2 });
        var report = analysis.Report;
        var path = analysis.WriteJson(Path.Combine(_dir, "out"));
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.Equal(8, root.GetProperty("samples_per_problem").GetInt32());
        Assert.Equal(report.PassAtK[0].Value, root.GetProperty("pass_at_k")[0].GetProperty("value").GetDouble());
        Assert.Equal(report.MajAtK[7].High, root.GetProperty("maj_at_k")[7].GetProperty("high").GetDouble());
        Assert.Equal(report.Beta!.Alpha.Value, root.GetProperty("beta").GetProperty("alpha").GetProperty("value").GetDouble());
        Assert.Equal(report.PowerLaw!.B.Low, root.GetProperty("power_law").GetProperty("b").GetProperty("low").GetDouble());
        var forecast = root.GetProperty("forecast");
        Assert.Equal(2, forecast.GetProperty("fit_k").GetInt32());
        Assert.Equal(8, forecast.GetProperty("n").GetInt32());
        Assert.Equal(report.PassAtK[7].Value, forecast.GetProperty("measured_pass_at_n").GetProperty("value").GetDouble());
        Assert.Equal(report.Forecast!.MajAtN.ErrorPoints, forecast.GetProperty("maj_at_n").GetProperty("error_points").GetDouble());
        Assert.Equal(report.Forecast.BetaPassAtN!.Predicted.Value, forecast.GetProperty("beta_pass_at_n").GetProperty("predicted").GetProperty("value").GetDouble());
        // Records holding lists compare lists by reference: compare the round trip by its JSON.
        var back = JsonSerializer.Deserialize<CurveReport>(File.ReadAllText(path), TtsJson.Options);
        Assert.Equal(File.ReadAllText(path), JsonSerializer.Serialize(back, TtsJson.Options) + "\n");
    }

    [Fact]
    public void A_forecast_from_the_first_samples_lands_near_what_all_samples_measure_on_simulated_beta_pass_rates()
    {
        // SIMULATED: per-problem pass rates ~ Beta(0.5, 1.5), 32 Bernoulli samples each; right = "1", wrong spread over 3 answers.
        Write(Simulate(problems: 300, samples: 32, seed: 4));
        var report = CurveAnalysis.Build(CurveInput.Load(_dir), new CurveSettings(FitK: 8, Bootstrap: 200)).Report;
        var f = report.Forecast!;
        Assert.Equal(32, f.N);
        Assert.Equal(report.PassAtK[31], f.MeasuredPassAtN);
        Assert.Equal(report.MajAtK[31], f.MeasuredMajAtN);
        Assert.True(f.BetaPassAtN!.ErrorPoints < 6, $"beta forecast off by {f.BetaPassAtN.ErrorPoints:0.0} points");
        // The vote forecast is pessimistic on this simulation (about 9 points under at N = 32): the Dirichlet posterior
        // of 8 samples does not know that wrong answers split three ways, so a right answer leading by one vote often
        // loses in its draws; and the unseen-answer mass takes 1/9 of every share.
        Assert.True(f.MajAtN.ErrorPoints < 12, $"vote forecast off by {f.MajAtN.ErrorPoints:0.0} points");
        Assert.Equal(Math.Abs(f.BetaPassAtN.Predicted.Value - f.BetaPassAtN.Measured) * 100, f.BetaPassAtN.ErrorPoints, 12);
        Assert.Equal([1, 2, 4, 8, 16, 32], f.MajAtK.Select(p => p.K));
        Assert.NotNull(f.PowerLaw);
        // The whole-data Beta fit finds the simulated prior's shape roughly.
        Assert.Equal(0.25, report.Beta!.MeanPassAt1.Value, 0.05);
        // Coverage predictions rise with k and stay within [0, 1].
        var predictions = report.Beta.Predictions.Select(p => p.Value).ToList();
        Assert.Equal(predictions.Order(), predictions);
        Assert.All(predictions, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Unequal_sample_counts_use_the_fewest_and_say_so()
    {
        Write([.. HandMade(), Line("p4", ("A", true), ("B", false), ("A", true))]);
        var input = CurveInput.Load(_dir);
        Assert.Equal(3, input.Fewest);
        Assert.Equal(4, input.Most);
        Assert.Contains(input.Notes, n => n.Contains("curves stop at k = 3") && n.Contains("p4"));
        Assert.Equal(3, CurveAnalysis.Build(input, Fast).Report.PassAtK.Count);
    }

    [Fact]
    public void Equal_answers_graded_both_ways_vote_apart()
    {
        var line = Line("code", ("f()", true), ("f()", false), ("g()", false), ("f()", true));
        var problem = CurveInput.ToProblem(line, out var regraded);
        Assert.True(regraded);
        Assert.Equal(["f()", "f()" + CurveInput.WrongSuffix, "g()", "f()"], problem.Answers);
        Assert.Equal(2, problem.C);
        CurveInput.ToProblem(HandMade()[0], out var plain);
        Assert.False(plain);

        Write([line, .. HandMade()]);
        Assert.Contains(CurveInput.Load(_dir).Notes, n => n.Contains("graded both right and wrong"));
    }

    [Fact]
    public void A_torn_last_line_is_left_out_with_a_note_and_a_missing_manifest_is_only_a_note()
    {
        Write(HandMade(), tail: "{\"id\":\"p9\",\"samp", manifest: false);
        var input = CurveInput.Load(_dir);
        Assert.Equal(3, input.Problems.Count);
        Assert.Contains(input.Notes, n => n.Contains("partly written line"));
        Assert.Contains(input.Notes, n => n.Contains("run.json not found"));
        Assert.Equal(Path.GetFileName(_dir), CurveAnalysis.Build(input, Fast).Report.Benchmark);
    }

    [Fact]
    public void Missing_or_empty_inputs_are_user_errors()
    {
        var missing = Assert.Throws<UserInputException>(() => CurveInput.Load(Path.Combine(_dir, "nope")));
        Assert.Contains("does not exist", missing.Message);
        Assert.Contains("samples.jsonl not found", Assert.Throws<UserInputException>(() => CurveInput.Load(_dir)).Message);
        Write([]);
        Assert.Contains("holds no samples", Assert.Throws<UserInputException>(() => CurveInput.Load(_dir)).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(9)]
    public void A_fit_budget_outside_1_to_samples_minus_1_is_a_usage_error(int fitK)
    {
        Write(HandMade());
        var e = Assert.Throws<UserInputException>(() => CurveAnalysis.Build(CurveInput.Load(_dir), Fast with { FitK = fitK }));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains($"--fit-k {fitK} must be within 1..3", e.Message);
    }

    [Fact]
    public void A_fit_budget_of_one_forecasts_with_the_beta_fit_only()
    {
        Write(HandMade());
        var report = CurveAnalysis.Build(CurveInput.Load(_dir), Fast with { FitK = 1 }).Report;
        Assert.Null(report.Forecast!.PowerLaw);
        Assert.Null(report.Forecast.PowerLawPassAtN);
        Assert.Contains(report.Notes, n => n.StartsWith("no power-law fit on the first 1 samples"));
    }

    [Fact]
    public void Log_grid_doubles_up_to_the_budget_and_ends_on_it()
    {
        Assert.Equal([1], CurveAnalysis.LogGrid(1));
        Assert.Equal([1, 2, 4, 8, 16], CurveAnalysis.LogGrid(16));
        Assert.Equal([1, 2, 4, 8, 16, 20], CurveAnalysis.LogGrid(20));
    }

    /// <summary>SIMULATED sample lines: pass rates from Beta(0.5, 1.5) by a seeded stream; wrong answers spread over three values.</summary>
    internal static IEnumerable<SampleLine> Simulate(int problems, int samples, int seed)
    {
        var rng = new Random(seed);
        for (var i = 0; i < problems; i++)
        {
            var p = MathNet.Numerics.Distributions.Beta.Sample(rng, 0.5, 1.5);
            yield return Line($"sim/{i}", [.. Enumerable.Range(0, samples).Select(_ =>
                rng.NextDouble() < p ? ("1", true) : ((string?)$"{2 + rng.Next(3)}", false))]);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

}
