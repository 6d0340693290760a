namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// A plot for <see cref="HtmlReport"/>, already rendered as PNG by the front end (the CLI draws with ScottPlot), so
/// this library needs no graphics dependency and the page embeds the image as base64.
/// </summary>
public sealed record ReportFigure(string Title, byte[] Png, string Caption = "");
