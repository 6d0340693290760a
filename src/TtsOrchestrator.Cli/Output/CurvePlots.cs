using ScottPlot;
using TtsOrchestrator.Core.Curves;
using TtsOrchestrator.Evals.Curves;

namespace TtsOrchestrator.Cli.Output;

/// <summary>
/// The figures of <c>tts curve</c>, drawn with ScottPlot as PNG: coverage (pass@k) with both fits and their bands, and
/// the majority vote (maj@k) with its forecast. x is k on a log axis: the plots draw log2 k and label the ticks 1, 2,
/// 4, 8, …, so every doubling of the budget is one step.
/// </summary>
internal static class CurvePlots
{
    public const string CoverageFile = "coverage.png", MajorityFile = "majority.png";
    private const int Width = 900, Height = 560;
    private const int PointsPerDoubling = 8; // fitted lines are drawn on k = 2^(j/8), rounded
    private static readonly Color Observed = Colors.Black, PowerLaw = Color.FromHex("#1f77b4"), Beta = Color.FromHex("#d62728"), Vote = Color.FromHex("#2ca02c");

    /// <summary>Writes coverage.png and majority.png into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(CurveAnalysis analysis, string folder)
    {
        var coverage = Path.Combine(folder, CoverageFile);
        var majority = Path.Combine(folder, MajorityFile);
        File.WriteAllBytes(coverage, Coverage(analysis));
        File.WriteAllBytes(majority, Majority(analysis));
        return [coverage, majority];
    }

    private static byte[] Coverage(CurveAnalysis analysis)
    {
        var report = analysis.Report;
        var plot = new Plot();
        var maxK = Math.Max(report.SamplesPerProblem, report.PowerLaw?.Predictions[^1].K ?? report.Beta?.Predictions[^1].K ?? 1);
        var dense = DenseGrid(maxK);
        if (analysis.PowerLaw is { } power)
            Band(plot, dense.Select(power.PredictWithInterval).ToList(), PowerLaw,
                $"power law exp(a·k^b): a = {power.Parameters.A:0.###}, b = {power.Parameters.B:0.###}");
        if (analysis.Beta is { } beta)
            Band(plot, dense.Select(beta.PassAtKWithInterval).ToList(), Beta,
                $"Beta pass rates: α = {beta.Parameters.Alpha:0.###}, β = {beta.Parameters.Beta:0.###}");
        if (report.Forecast is { } forecast)
        {
            if (analysis.ForecastPowerLaw is { } fp)
                Dashed(plot, dense.Select(fp.PredictWithInterval).ToList(), PowerLaw, $"power law from the first {forecast.FitK} samples");
            if (analysis.ForecastBeta is { } fb)
                Dashed(plot, dense.Select(fb.PassAtKWithInterval).ToList(), Beta, $"Beta from the first {forecast.FitK} samples");
        }
        Points(plot, OnLogGrid(report.PassAtK), Observed, "measured pass@k, 95% CI");
        Finish(plot, report, maxK, "coverage (pass@k: solved by at least one of k samples)", "pass@k (%)", report.PassAtK[0].Value);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static byte[] Majority(CurveAnalysis analysis)
    {
        var report = analysis.Report;
        var plot = new Plot();
        var maxK = report.SamplesPerProblem;
        if (report.Forecast is { } forecast)
            Band(plot, forecast.MajAtK, Vote, $"forecast from the first {forecast.FitK} samples (Dirichlet posterior)");
        Points(plot, OnLogGrid(report.MajAtK), Observed, "measured maj@k, 95% CI");
        Finish(plot, report, maxK, "majority vote (maj@k: a vote of k samples is right)", "maj@k (%)", report.MajAtK[0].Value);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>A fitted curve as a line inside its shaded interval band.</summary>
    private static void Band(Plot plot, IReadOnlyList<CurvePoint> points, Color color, string label)
    {
        var withBand = points.Where(p => double.IsFinite(p.Low) && double.IsFinite(p.High)).ToList();
        if (withBand.Count > 1)
        {
            var band = plot.Add.FillY([.. withBand.Select(p => X(p.K))], [.. withBand.Select(p => 100 * p.Low)], [.. withBand.Select(p => 100 * p.High)]);
            band.FillColor = color.WithAlpha(0.18);
            band.LineWidth = 0;
        }
        var line = plot.Add.ScatterLine(Xs(points), Ys(points));
        line.Color = color;
        line.LineWidth = 2;
        line.LegendText = label + ", 95% band";
    }

    private static void Dashed(Plot plot, IReadOnlyList<CurvePoint> points, Color color, string label)
    {
        var line = plot.Add.ScatterLine(Xs(points), Ys(points));
        line.Color = color;
        line.LineWidth = 1.5f;
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = label;
    }

    /// <summary>Measured points joined by a thin line, each with its interval as an error bar.</summary>
    private static void Points(Plot plot, IReadOnlyList<CurvePoint> points, Color color, string label)
    {
        foreach (var p in points.Where(p => double.IsFinite(p.Low) && double.IsFinite(p.High)))
        {
            var bar = plot.Add.Line(X(p.K), 100 * p.Low, X(p.K), 100 * p.High);
            bar.Color = color;
            bar.LineWidth = 1.5f;
        }
        var scatter = plot.Add.Scatter(Xs(points), Ys(points));
        scatter.Color = color;
        scatter.LineWidth = 1;
        scatter.MarkerSize = 8;
        scatter.LegendText = label;
    }

    private static void Finish(Plot plot, CurveReport report, int maxK, string what, string yLabel, double first)
    {
        // Where the measured data ends and extrapolation begins.
        if (maxK > report.SamplesPerProblem)
        {
            var drawn = plot.Add.VerticalLine(X(report.SamplesPerProblem));
            drawn.Color = Colors.Gray;
            drawn.LinePattern = LinePattern.Dotted;
            drawn.LineWidth = 1;
            drawn.LegendText = $"samples drawn: k = {report.SamplesPerProblem}";
        }
        var top = (int)Math.Ceiling(Math.Log2(maxK));
        var step = top > 12 ? 2 : 1;
        var ticks = Enumerable.Range(0, top + 1).Where(j => j % step == 0).ToArray();
        plot.Axes.Bottom.SetTicks([.. ticks.Select(j => (double)j)], [.. ticks.Select(j => $"{1L << j}")]);
        plot.Axes.SetLimitsX(-0.25, Math.Max(X(maxK), 1) + 0.25);
        // Room above the highest band for the legend, in steps of 10 points, never past 100%.
        var highest = plot.GetPlottables().Select(p => p.GetAxisLimits().Top).Where(double.IsFinite).DefaultIfEmpty(100).Max();
        plot.Axes.SetLimitsY(0, Math.Min(105, Math.Max(20, Math.Ceiling(highest * 1.6 / 10) * 10)));
        var model = report.Model is null ? "" : $" · {report.Model}";
        plot.Title($"{report.Benchmark}{model}, {report.Problems} problems: {what}");
        plot.XLabel("k: samples per problem (log scale)");
        plot.YLabel(yLabel);
        // Rising curves: the empty corner is the upper left when they start low, the lower right when they start high.
        plot.ShowLegend(first > 0.5 ? Alignment.LowerRight : Alignment.UpperLeft);
    }

    private static double X(int k) => Math.Log2(k);

    private static double[] Xs(IReadOnlyList<CurvePoint> points) => [.. points.Select(p => X(p.K))];

    private static double[] Ys(IReadOnlyList<CurvePoint> points) => [.. points.Select(p => 100 * p.Value)];

    /// <summary>The measured points drawn: k = 1, 2, 4, … and the last k, evenly spaced on the log axis.</summary>
    private static IReadOnlyList<CurvePoint> OnLogGrid(IReadOnlyList<CurvePoint> curve) =>
        [.. CurveAnalysis.LogGrid(curve.Count).Select(k => curve[k - 1])];

    /// <summary>k = round(2^(j/8)) up to <paramref name="max"/> without repeats: smooth lines on a log axis.</summary>
    private static IReadOnlyList<int> DenseGrid(int max)
    {
        var grid = new SortedSet<int> { 1, max };
        for (var j = 0; Math.Pow(2, (double)j / PointsPerDoubling) <= max; j++)
            grid.Add((int)Math.Round(Math.Pow(2, (double)j / PointsPerDoubling)));
        return [.. grid];
    }
}
