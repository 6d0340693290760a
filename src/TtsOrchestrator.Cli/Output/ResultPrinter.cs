using Spectre.Console;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Cli.Output;

/// <summary>Prints a strategy result for people: the answer first, then votes, cost and (verbose) the trace.</summary>
internal static class ResultPrinter
{
    /// <summary>A Spectre console on <paramref name="writer"/>; colours and wrapping only when it is the real terminal.</summary>
    public static IAnsiConsole ConsoleFor(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Piped output is read line by line (grep, logs, tests): never wrap it at Spectre's 80-column default.
        if (!terminal) console.Profile.Width = PipedWidth;
        return console;
    }

    private const int PipedWidth = 1000;

    public static void Print(IAnsiConsole console, GeneratorInfo model, StrategyResult result, bool verbose)
    {
        console.MarkupLine($"[bold]Answer:[/] {(result.Answer ?? "(no answer)").EscapeMarkup()}");
        var c = result.Cost;
        console.MarkupLine($"[grey]{result.Strategy.EscapeMarkup()} on {model.Model.EscapeMarkup()} · {c.Samples} samples · " + (c.VerifierQueries > 0 ? $"{c.VerifierQueries} verifier queries · " : "") +
                           $"{c.GeneratedTokens} generated + {c.PromptTokens} prompt tokens · {c.WallTime.TotalSeconds:0.00} s · stop: {result.StopReason}[/]");

        if (result.Votes.Count > 0)
        {
            var votes = new Table().Border(TableBorder.Simple).AddColumns("answer", "votes", "share");
            foreach (var v in result.Votes)
                votes.AddRow(v.Answer.EscapeMarkup(), v.Count.ToString(), v.Share.ToString("0%"));
            console.Write(votes);
        }

        if (!verbose) return;
        if (result.ChosenCandidate is { } chosen)
        {
            console.MarkupLine("[bold]Chosen solution:[/]");
            console.WriteLine(Printable(result.Candidates.First(x => x.Index == chosen).Text));
        }
        console.MarkupLine("[bold]Trace:[/]");
        foreach (var e in result.Trace) console.WriteLine(e.ToString());
    }

    /// <summary>Model text with control characters (a model can emit terminal escapes) shown as U+FFFD; lines and tabs kept.</summary>
    private static string Printable(string text) =>
        string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = char.IsControl(t[i]) && t[i] is not ('\n' or '\t') ? '\uFFFD' : t[i];
        });
}
