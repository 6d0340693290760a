using System.Text.RegularExpressions;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Evals.Tests.Runs;

/// <summary>report.html: self-contained, every problem linked to its details, model text escaped and cut.</summary>
public sealed partial class HtmlReportTests
{
    [GeneratedRegex("""(?:src|href)\s*=\s*["']?(?<target>[^"' >]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Links();

    private static EvalResultLine Line(string id, int index, bool correct, string text) => new(
        id, index, 7, "What is 1+1?", "2", "1", correct ? "2" : "3", correct, "because", 0, StopReason.Completed,
        [new EvalCandidate(0, correct ? "2" : "3", 0.5, 12, FinishReason.EndOfText, text)],
        new CostSummary(1, 1, 5, 12, TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(0.2), null), 1, 0.3);

    [Fact]
    public void Links_stay_inside_the_page_and_model_text_is_escaped_and_cut()
    {
        EvalResultLine[] lines =
        [
            Line("set/<b>&\"0\"", 0, true, "<script>alert(1)</script>\n#### 2"),
            Line("set/1", 1, false, new string('x', 1000)),
        ];
        var summary = EvalSummary.Of(new RunManifest("eval", "set", "m.gguf", 7) { Strategy = "single" }, lines, 2);
        var html = HtmlReport.Render(summary, lines, [new ReportFigure("plot", [1, 2, 3])]);

        var targets = Links().Matches(html).Select(m => m.Groups["target"].Value).ToList();
        Assert.NotEmpty(targets);
        Assert.All(targets, t => Assert.True(t.StartsWith('#') || t.StartsWith("data:image/png;base64,"), t));
        foreach (var anchor in targets.Where(t => t.StartsWith('#')))
            Assert.Contains($"id=\"{anchor[1..]}\"", html);

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("set/&lt;b&gt;&amp;&quot;0&quot;", html);
        Assert.Contains(new string('x', HtmlReport.TextPreview) + "…", html);
        Assert.DoesNotContain(new string('x', HtmlReport.TextPreview + 1), html);
        Assert.Contains("50.0%", html);
    }
}
