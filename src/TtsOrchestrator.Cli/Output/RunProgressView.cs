using Spectre.Console;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Cli.Output;

/// <summary>
/// Shows a resumable run's progress to people: a live bar on a terminal; on anything else (a pipe, a log, a test)
/// plain lines every <see cref="PlainEvery"/> problems and at the end, which read well in a log file.
/// </summary>
internal static class RunProgressView
{
    public const int PlainEvery = 10;

    /// <summary>Runs <paramref name="work"/> with a progress callback suited to <paramref name="console"/> (none when <paramref name="quiet"/>).</summary>
    public static async Task<T> RunAsync<T>(IAnsiConsole console, string label, string scoreName, bool quiet, Func<Action<RunProgress>?, Task<T>> work)
    {
        if (quiet) return await work(null);
        var capabilities = console.Profile.Capabilities;
        if (!capabilities.Interactive || !capabilities.Ansi)
            return await work(p =>
            {
                if (p.DoneNow == 0 && p.Done > 0) console.WriteLine($"{label}: {p.Done}/{p.Total} done by earlier runs; {p.Total - p.Done} to go");
                else if (p.DoneNow > 0 && (p.Done % PlainEvery == 0 || p.Done == p.Total)) console.WriteLine($"{label}: {Describe(p, scoreName)}");
            });

        var stats = new RunStatsColumn(scoreName);
        var result = default(T)!;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), stats, new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label.EscapeMarkup());
                result = await work(p =>
                {
                    stats.Latest = p;
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                });
                task.StopTask();
            });
        return result;
    }

    /// <summary>"12/50 · accuracy 41.7% · 350 tok/s · ETA 1:05" (the ETA once this session has finished a problem).</summary>
    public static string Describe(RunProgress p, string scoreName)
    {
        var text = $"{p.Done}/{p.Total} · {scoreName} {100 * p.Score:0.0}% · {p.TokensPerSecond:0} tok/s";
        if (p.Done == p.Total) return text + $" · {p.Elapsed.TotalSeconds:0.0} s";
        return p.Eta is { } eta ? text + $" · ETA {(int)eta.TotalMinutes}:{eta.Seconds:00}" : text;
    }
}
