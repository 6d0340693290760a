using ScottPlot;
using TtsOrchestrator.Evals;

namespace TtsOrchestrator.Cli.Output;

/// <summary>Accuracy against generated tokens per problem, one labelled point per strategy with its 95% interval.</summary>
internal static class ParetoPlot
{
    public static void Write(IReadOnlyList<BenchRow> rows, string benchmark, string pathWithoutExtension)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var color = palette.GetColor(i);
            var x = Math.Log10(Math.Max(1, r.GeneratedTokensMean));
            var interval = plot.Add.Line(x, 100 * r.AccuracyLow, x, 100 * r.AccuracyHigh);
            interval.Color = color;
            interval.LineWidth = 2;
            var point = plot.Add.Scatter(new double[] { x }, new double[] { 100 * r.Accuracy });
            point.Color = color;
            point.MarkerSize = 9;
            point.LegendText = r.Label.Length > 48 ? r.Label[..48] + "…" : r.Label;
        }
        // Log-scaled x: ticks at powers of ten of the token count.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => $"{Math.Pow(10, v):0}" };
        plot.Title($"{benchmark}: accuracy vs generated tokens per problem");
        plot.XLabel("generated tokens per problem (log scale)");
        plot.YLabel("accuracy (%), 95% Wilson interval");
        plot.Axes.Left.Min = 0;
        // Outside the data area: inside, it covered the points at the low-token end (usually `single`).
        plot.ShowLegend(Edge.Right);
        plot.SavePng(pathWithoutExtension + ".png", 1200, 560);
        plot.SaveSvg(pathWithoutExtension + ".svg", 1200, 560);
    }
}
