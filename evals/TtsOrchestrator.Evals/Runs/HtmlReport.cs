using System.Globalization;
using System.Net;
using System.Text;

namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// <c>report.html</c> of <c>tts eval</c>: one self-contained page (styles inline, plots as base64 PNG, no script and no
/// link outside the page) that can be mailed or archived as one file. The summary, the plots, a table of problems in
/// which each id links to its details, and per problem its candidates with the start of each text. Everything that
/// comes from a model or a dataset is HTML-escaped.
/// </summary>
public static class HtmlReport
{
    /// <summary>Characters of each candidate's text shown in the details.</summary>
    public const int TextPreview = 300;

    public static void Write(string path, EvalSummary summary, IReadOnlyList<EvalResultLine> lines, IReadOnlyList<ReportFigure> figures) =>
        AtomicFile.WriteAllText(path, Render(summary, lines, figures));

    public static string Render(EvalSummary s, IReadOnlyList<EvalResultLine> lines, IReadOnlyList<ReportFigure> figures)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>tts eval: {E(s.Benchmark)} · {E(s.Strategy)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <h1>{E(s.Benchmark)} <span class="muted">with</span> <code>{E(s.Strategy)}</code></h1>
            <p class="muted">model {E(s.Model)} · seed {s.Seed} · written {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by tts eval</p>
            <section id="summary">
            <h2>Summary</h2>
            <table class="kv">
            """);
        Row(html, "problems", s.Problems == s.ProblemsRequested ? $"{s.Problems}" : $"{s.Problems} of {s.ProblemsRequested} (the run was interrupted; rerun the same command to finish it)");
        Row(html, "correct", $"{s.Correct}");
        Row(html, "accuracy", $"{Percent(s.Accuracy)} (95% Wilson interval {Percent(s.AccuracyLow)}–{Percent(s.AccuracyHigh)})");
        Row(html, "samples", $"{s.SamplesTotal} ({s.SamplesMean:0.##} per problem)");
        if (s.VerifierQueries > 0) Row(html, "verifier queries", $"{s.VerifierQueries}");
        Row(html, "generated tokens", $"{s.GeneratedTokens} ({s.GeneratedTokensMean:0.#} per problem)");
        Row(html, "prompt tokens", $"{s.PromptTokens}");
        Row(html, "wall time", $"{s.WallSeconds:0.0} s");
        html.Append("</table>\n");

        if (s.ByDifficulty.Count > 0)
        {
            html.Append("<h3>Accuracy by difficulty</h3>\n<table>\n<tr><th>difficulty</th><th>problems</th><th>correct</th><th>accuracy</th><th>95% interval</th></tr>\n");
            foreach (var d in s.ByDifficulty)
                html.Append($"<tr><td>{E(d.Difficulty)}</td><td class=\"n\">{d.Problems}</td><td class=\"n\">{d.Correct}</td><td class=\"n\">{Percent(d.Accuracy)}</td><td class=\"n\">{Percent(d.AccuracyLow)}–{Percent(d.AccuracyHigh)}</td></tr>\n");
            html.Append("</table>\n");
        }
        else
        {
            html.Append("<p class=\"muted\">This benchmark has no difficulty tags.</p>\n");
        }
        html.Append("</section>\n");

        if (figures.Count > 0)
        {
            html.Append("<section id=\"plots\">\n<h2>Plots</h2>\n");
            foreach (var f in figures)
                html.Append($"<figure><img alt=\"{E(f.Title)}\" src=\"data:image/png;base64,{Convert.ToBase64String(f.Png)}\"><figcaption>{E(f.Caption.Length > 0 ? f.Caption : f.Title)}</figcaption></figure>\n");
            html.Append("</section>\n");
        }

        html.Append("<section id=\"problems\">\n<h2>Problems</h2>\n<table>\n<tr><th>#</th><th>id</th><th>difficulty</th><th>gold</th><th>answer</th><th></th><th>samples</th><th>tokens</th><th>wall s</th></tr>\n");
        foreach (var (l, k) in lines.Select((l, k) => (l, k)))
            html.Append($"<tr><td class=\"n\">{l.Index}</td><td><a href=\"#{Anchor(k)}\">{E(l.Id)}</a></td><td>{E(l.Difficulty ?? "")}</td><td><code>{E(Cut(l.Gold, 40))}</code></td>" +
                        $"<td><code>{E(Cut(l.Answer ?? "(none)", 40))}</code></td><td>{Verdict(l.Correct)}</td><td class=\"n\">{l.Cost.Samples}</td>" +
                        $"<td class=\"n\">{l.Cost.GeneratedTokens}</td><td class=\"n\">{l.Cost.WallTime.TotalSeconds:0.00}</td></tr>\n");
        html.Append("</table>\n</section>\n<section id=\"details\">\n<h2>Details</h2>\n");

        foreach (var (l, k) in lines.Select((l, k) => (l, k)))
        {
            html.Append($"""
                <section class="problem" id="{Anchor(k)}">
                <h3>{Verdict(l.Correct)} {E(l.Id)} <a class="muted" href="#problems">↑ problems</a></h3>
                <pre class="question">{E(l.Question)}</pre>
                <p>gold <code>{E(Cut(l.Gold, TextPreview))}</code> · answer <code>{E(l.Answer ?? "(none)")}</code> · {E(l.GradeReason)} · stop: {E(l.StopReason.ToString())} · seed {l.Seed}</p>
                <table>
                <tr><th>#</th><th>answer</th><th>score</th><th>tokens</th><th>finish</th><th>text (first {TextPreview} characters)</th></tr>

                """);
            foreach (var c in l.Candidates)
                html.Append($"<tr{(c.Index == l.ChosenCandidate ? " class=\"chosen\"" : "")}><td class=\"n\">{c.Index}</td><td><code>{E(c.Answer ?? "(none)")}</code></td>" +
                            $"<td class=\"n\">{(c.Score is { } score ? score.ToString("0.###", CultureInfo.InvariantCulture) : "")}</td><td class=\"n\">{c.Tokens}</td>" +
                            $"<td>{E(c.FinishReason.ToString())}</td><td><pre>{E(Cut(c.Text, TextPreview))}</pre></td></tr>\n");
            html.Append("</table>\n</section>\n");
        }
        html.Append("</section>\n</body>\n</html>\n");
        return html.ToString();
    }

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
        h1 code{font-size:.8em;overflow-wrap:anywhere} .muted{color:#777;font-weight:normal;font-size:.9em}
        table{border-collapse:collapse;margin:.5em 0 1.5em} th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#f4f4f4} td.n{text-align:right;font-variant-numeric:tabular-nums} table.kv td:first-child{color:#555}
        .ok{color:#18794e;font-weight:bold} .bad{color:#c4320a;font-weight:bold} tr.chosen{background:#eef6ff}
        pre{white-space:pre-wrap;word-break:break-word;margin:0;font-size:.85em} pre.question{background:#f8f8f8;padding:.5em}
        figure{margin:1em 0} img{max-width:100%;border:1px solid #eee} section.problem{border-top:2px solid #eee;padding-top:.5em}
        """;

    private static void Row(StringBuilder html, string name, string value) => html.Append($"<tr><td>{E(name)}</td><td>{E(value)}</td></tr>\n");

    /// <summary>Anchors by position in the page: unique whatever characters the problem ids hold.</summary>
    private static string Anchor(int position) => $"p-{position}";

    private static string Verdict(bool correct) => correct ? "<span class=\"ok\">✓</span>" : "<span class=\"bad\">✗</span>";

    private static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The first <paramref name="max"/> characters (never half a surrogate pair), with an ellipsis when cut.</summary>
    private static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end] + "…";
    }
}
