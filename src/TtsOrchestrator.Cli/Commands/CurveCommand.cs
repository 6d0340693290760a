using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using TtsOrchestrator.Cli.Output;
using TtsOrchestrator.Core.Curves;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Evals.Curves;

namespace TtsOrchestrator.Cli.Commands;

/// <summary>
/// `tts curve`: coverage (pass@k) and vote (maj@k) curves of a `tts sample` folder, both coverage fits extrapolated
/// far past the samples drawn, and with --fit-k a forecast from the first samples checked against all of them. Writes
/// curve.json, coverage.png and majority.png; the work is <see cref="CurveAnalysis"/>'s, the math Core.Curves'.
/// </summary>
internal static class CurveCommand
{
    public static Command Create()
    {
        var samples = new Option<string>("--samples") { Description = "The --out folder of a tts sample run (its samples.jsonl and run.json)", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for curve.json, coverage.png and majority.png (created when missing)", Required = true };
        var fitK = new Option<int?>("--fit-k") { Description = "Also forecast from only the first K samples of every problem (1..samples-1) and compare with what all samples measure" };
        var extrapolate = new Option<int>("--extrapolate") { Description = $"Largest k the fits predict, on k = 1, 2, 4, … (1..{CurveSettings.MaxExtrapolate})", DefaultValueFactory = _ => 1024 };
        var bootstrap = new Option<int>("--bootstrap") { Description = $"Bootstrap resamples of problems behind every 95% interval (1..{CurveSettings.MaxBootstrap})", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap and of the Monte Carlo votes", DefaultValueFactory = _ => 0 };
        var tpr = new Option<double?>("--verifier-tpr") { Description = "A verifier's measured true-positive rate (0..1): with --verifier-fpr, report where best-of-N with it saturates" };
        var fpr = new Option<double?>("--verifier-fpr") { Description = "The verifier's measured false-positive rate (0..1): a wrong sample it passes" };
        var threshold = new Option<double>("--verifier-threshold") { Description = "With samples scored by tts sample --verifier: the score from which a sample counts as passed", DefaultValueFactory = _ => 0.5 };

        var command = new Command("curve", "Coverage (pass@k) and majority (maj@k) curves of stored samples, with power-law and Beta fits extrapolated past them.")
        {
            samples, output, fitK, extrapolate, bootstrap, seed, tpr, fpr, threshold,
        };
        command.SetAction(parsed =>
        {
            var checks = new OptionChecks();
            var k = checks.Positive(parsed.GetValue(fitK), "--fit-k");
            var far = parsed.GetValue(extrapolate);
            checks.Require(far is >= 1 and <= CurveSettings.MaxExtrapolate, $"--extrapolate {far} must be within 1..{CurveSettings.MaxExtrapolate}");
            var resamples = parsed.GetValue(bootstrap);
            checks.Require(resamples is >= 1 and <= CurveSettings.MaxBootstrap, $"--bootstrap {resamples} must be within 1..{CurveSettings.MaxBootstrap}");
            var (truePositive, falsePositive) = (parsed.GetValue(tpr), parsed.GetValue(fpr));
            checks.Require(truePositive.HasValue == falsePositive.HasValue, "--verifier-tpr and --verifier-fpr go together; give both");
            checks.Require(truePositive is null or (>= 0 and <= 1), $"--verifier-tpr {truePositive} must be within 0..1");
            checks.Require(falsePositive is null or (>= 0 and <= 1), $"--verifier-fpr {falsePositive} must be within 0..1");
            var folder = parsed.GetValue(output)!;
            RunFolder.Check(checks, folder);
            checks.ThrowIfAny();
            var verifier = truePositive is { } t && falsePositive is { } f ? new ImperfectVerifier(t, f) : null;

            var input = CurveInput.Load(parsed.GetValue(samples)!);
            var analysis = CurveAnalysis.Build(input, new CurveSettings(k, far, resamples, parsed.GetValue(seed), Verifier: verifier, VerifierThreshold: parsed.GetValue(threshold)));
            var json = analysis.WriteJson(folder);
            var plots = CurvePlots.Write(analysis, folder);

            if (parsed.GetValue(CommonOptions.Json))
            {
                parsed.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(analysis.Report, TtsJson.Options));
                return ExitCodes.Success;
            }
            var console = ResultPrinter.ConsoleFor(parsed.InvocationConfiguration.Output);
            Print(console, analysis.Report);
            console.MarkupLineInterpolated($"wrote {json}, {Path.GetFileName(plots[0])} and {Path.GetFileName(plots[1])}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(IAnsiConsole console, CurveReport r)
    {
        foreach (var note in r.Notes) console.MarkupLineInterpolated($"[yellow]note: {note}[/]");
        console.MarkupLineInterpolated(
            $"[bold]{r.Benchmark}[/]{(r.Model is null ? "" : $" · {r.Model}")} · {r.Problems} problems × {r.SamplesPerProblem} samples · 95% intervals from {r.BootstrapResamples} bootstrap resamples of problems");

        var table = new Table().Border(TableBorder.Simple).AddColumns("k", "pass@k", "95% CI", "maj@k", "95% CI", "power law", "Beta");
        foreach (var c in table.Columns.Skip(1)) c.RightAligned();
        var predictions = (r.PowerLaw?.Predictions ?? r.Beta?.Predictions ?? []).Select(p => p.K);
        foreach (var k in CurveAnalysis.LogGrid(r.SamplesPerProblem).Union(predictions).Order())
        {
            var measured = k <= r.SamplesPerProblem;
            table.AddRow(
                $"{k}",
                measured ? Percent(r.PassAtK[k - 1].Value) : "",
                measured ? Interval(r.PassAtK[k - 1]) : "",
                measured ? Percent(r.MajAtK[k - 1].Value) : "",
                measured ? Interval(r.MajAtK[k - 1]) : "",
                Predicted(r.PowerLaw?.Predictions, k),
                Predicted(r.Beta?.Predictions, k));
        }
        console.Write(table);
        if (r.PowerLaw is { } p)
            console.MarkupLineInterpolated($"power law: coverage(k) = exp(a·k^b), a = {Estimate(p.A)}, b = {Estimate(p.B)} (fitted on k = 1..{p.FittedK})");
        if (r.Beta is { } b)
            console.MarkupLineInterpolated($"Beta pass rates: α = {Estimate(b.Alpha)}, β = {Estimate(b.Beta)}, mean pass@1 {Percent(b.MeanPassAt1.Value)}");

        if (r.Verifier is { } m)
            console.MarkupLineInterpolated(
                $"verifier {m.Name ?? "(unnamed)"} at score >= {m.Threshold:0.###}: passes {m.RightPassed} of {m.Right} right samples (TPR {Rate(m.TruePositiveRate)}) and {m.WrongPassed} of {m.Wrong} wrong ones (FPR {Rate(m.FalsePositiveRate)}); AUROC {m.Auroc:0.000}{(m.Spec is null ? "" : $"; best-of-n caps its N with {m.Spec}")}");
        if (r.VerifierCap is { } v)
            console.MarkupLineInterpolated($"best-of-N with a verifier of TPR {v.TruePositiveRate:0.###} and FPR {v.FalsePositiveRate:0.###}: accuracy tends to {Percent(v.Limit)}; past N = {v.UsefulSamples} a doubling adds under {100 * v.Tolerance:0.#} point, so more samples are not worth it");

        if (r.Forecast is not { } f) return;
        console.MarkupLineInterpolated($"[bold]forecast from the first {f.FitK} samples of every problem, at N = {f.N}:[/]");
        var forecast = new Table().Border(TableBorder.Simple).AddColumns("", "predicted", "95% CI", "measured", "error (points)");
        foreach (var c in forecast.Columns.Skip(1)) c.RightAligned();
        void Row(string what, ForecastValue? v)
        {
            if (v is null) forecast.AddRow(what, "no fit", "", Percent(f.MeasuredPassAtN.Value), "");
            else forecast.AddRow(what, Percent(v.Predicted.Value), Interval(v.Predicted), Percent(v.Measured), $"{v.ErrorPoints:0.0}");
        }
        Row($"pass@{f.N}, power law", f.PowerLawPassAtN);
        Row($"pass@{f.N}, Beta", f.BetaPassAtN);
        Row($"maj@{f.N}, vote forecast", f.MajAtN);
        console.Write(forecast);
    }

    private static string Percent(double v) => double.IsFinite(v) ? $"{100 * v:0.0}%" : "–";

    private static string Rate(ParameterEstimate e) => double.IsFinite(e.Value) ? $"{e.Value:0.###}, 95% CI {e.Low:0.###}–{e.High:0.###}" : "–";

    private static string Interval(CurvePoint p) => double.IsFinite(p.Low) ? $"{100 * p.Low:0.0}–{100 * p.High:0.0}" : "–";

    private static string Predicted(IReadOnlyList<CurvePoint>? predictions, int k) =>
        predictions?.FirstOrDefault(p => p.K == k) is { } p ? $"{Percent(p.Value)} ({Interval(p)})" : "";

    private static string Estimate(ParameterEstimate e) => $"{Number(e.Value)} [95% CI {Number(e.Low)}, {Number(e.High)}]";

    private static string Number(double v) => v == 0 || Math.Abs(v) >= 1e-3 ? v.ToString("0.####") : v.ToString("0.0e0");
}
