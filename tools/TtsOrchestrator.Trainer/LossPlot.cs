using System.Globalization;
using ScottPlot;

namespace TtsOrchestrator.Trainer;

/// <summary>The loss curve of a run (training loss per chunk, validation loss and greedy accuracy per checkpoint) as a PNG.</summary>
public static class LossPlot
{
    public static void Write(string csvPath, string pngPath)
    {
        var rows = File.ReadLines(csvPath).Skip(1).Select(l => l.Split(',')).ToList();
        double Value(string[] row, int column) => row[column].Length == 0 ? double.NaN : double.Parse(row[column], CultureInfo.InvariantCulture);
        var millions = (string[] row) => Value(row, 2) / 1e6;

        var plot = new Plot();
        var train = rows.Where(r => !double.IsNaN(Value(r, 5))).ToList();
        var validation = rows.Where(r => !double.IsNaN(Value(r, 6))).ToList();
        var accuracy = rows.Where(r => !double.IsNaN(Value(r, 7))).ToList();
        if (train.Count > 0)
        {
            var line = plot.Add.ScatterLine(train.Select(millions).ToArray(), train.Select(r => Value(r, 5)).ToArray());
            line.LegendText = "training loss";
        }
        if (validation.Count > 0)
        {
            var line = plot.Add.Scatter(validation.Select(millions).ToArray(), validation.Select(r => Value(r, 6)).ToArray());
            line.LegendText = "validation loss";
        }
        if (accuracy.Count > 0)
        {
            var line = plot.Add.Scatter(accuracy.Select(millions).ToArray(), accuracy.Select(r => 100 * Value(r, 7)).ToArray());
            line.LegendText = "greedy accuracy (validation, %)";
            line.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "greedy accuracy (%)";
            plot.Axes.Right.Min = 0;
            plot.Axes.Right.Max = 100;
        }
        plot.Title("tts-arith training");
        plot.XLabel("training tokens (millions)");
        plot.YLabel("loss (nats per token)");
        plot.ShowLegend(Alignment.UpperCenter);
        plot.SavePng(pngPath, 900, 500);
    }
}
