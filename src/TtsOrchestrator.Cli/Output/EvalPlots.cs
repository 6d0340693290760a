using ScottPlot;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Cli.Output;

/// <summary>
/// The plots of an eval's report.html, drawn with ScottPlot as PNG. They live in the CLI (like <see cref="ParetoPlot"/>)
/// so the Evals library stays free of SkiaSharp's native libraries; the report embeds whatever figures it is given.
/// </summary>
internal static class EvalPlots
{
    private const int Width = 900, Height = 420;
    private const double Headroom = 1.3; // the top of the per-problem plot is for its legend
    private static readonly Color Right = Color.FromHex("#2ca02c"), Wrong = Color.FromHex("#d62728");

    public static IReadOnlyList<ReportFigure> For(EvalSummary summary, IReadOnlyList<EvalResultLine> lines)
    {
        var figures = new List<ReportFigure>();
        if (summary.ByDifficulty.Count > 0)
            figures.Add(new ReportFigure("Accuracy by difficulty", ByDifficulty(summary),
                "Accuracy per difficulty tag; the black lines are 95% Wilson intervals; n = problems with that tag."));
        if (lines.Count > 0)
            figures.Add(new ReportFigure("Samples and tokens per problem", PerProblem(lines),
                "Generated tokens per problem (bars: green right, red wrong) and samples per problem (dots, right axis), in the order of the problem table."));
        return figures;
    }

    private static byte[] ByDifficulty(EvalSummary summary)
    {
        var plot = new Plot();
        var rows = summary.ByDifficulty;
        var bars = rows.Select((d, i) => new Bar
        {
            Position = i,
            Value = 100 * d.Accuracy,
            FillColor = Color.FromHex("#1f77b4"),
            Label = $"{100 * d.Accuracy:0}%",
        }).ToList();
        plot.Add.Bars(bars);
        for (var i = 0; i < rows.Count; i++)
        {
            var interval = plot.Add.Line(i, 100 * rows[i].AccuracyLow, i, 100 * rows[i].AccuracyHigh);
            interval.Color = Colors.Black;
            interval.LineWidth = 2;
        }
        plot.Axes.Bottom.SetTicks([.. rows.Select((_, i) => (double)i)], [.. rows.Select(d => $"{d.Difficulty}\nn={d.Problems}")]);
        plot.Axes.SetLimitsY(0, 112); // room for the "100%" labels
        plot.Title($"{summary.Benchmark}: accuracy by difficulty");
        plot.XLabel("difficulty");
        plot.YLabel("accuracy (%)");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static byte[] PerProblem(IReadOnlyList<EvalResultLine> lines)
    {
        var plot = new Plot();
        var bars = lines.Select((l, i) => new Bar
        {
            Position = i,
            Value = l.Cost.GeneratedTokens,
            FillColor = l.Correct ? Right : Wrong,
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
        double[] xs = [.. lines.Select((_, i) => (double)i)], ys = [.. lines.Select(l => (double)l.Cost.Samples)];
        var samples = plot.Add.ScatterPoints(xs, ys);
        samples.Color = Colors.Black;
        samples.MarkerSize = 6;
        samples.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "samples";
        // Both axes from zero, so bar heights and dot heights compare as ratios.
        plot.Axes.SetLimitsY(0, Math.Max(1, lines.Max(l => l.Cost.GeneratedTokens)) * Headroom, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(1, ys.Max()) * Headroom, plot.Axes.Right);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "tokens, right answer", FillColor = Right });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "tokens, wrong answer", FillColor = Wrong });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "samples", MarkerColor = Colors.Black, MarkerFillColor = Colors.Black, MarkerShape = MarkerShape.FilledCircle, MarkerSize = 6 });
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title("generated tokens and samples per problem");
        plot.XLabel("problem (table order)");
        plot.YLabel("generated tokens");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
