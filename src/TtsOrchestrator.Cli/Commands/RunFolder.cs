using Spectre.Console;
using TtsOrchestrator.Core;
using TtsOrchestrator.Evals;

namespace TtsOrchestrator.Cli.Commands;

/// <summary>What `tts eval` and `tts sample` share at the command line: the --out check, loading items, the resume note.</summary>
internal static class RunFolder
{
    public static void Check(OptionChecks checks, string folder) =>
        checks.Require(!File.Exists(folder), $"--out {folder} is a file; pass a folder (it is created when missing)");

    /// <summary>The benchmark's items; an empty selection is a user error rather than an empty report.</summary>
    public static IReadOnlyList<BenchmarkItem> Load(string benchmark, string? dataDir, int? limit, string? fields, int shots)
    {
        var items = Benchmarks.Load(benchmark, dataDir, limit, fields, shots);
        if (items.Count == 0) throw new UserInputException($"benchmark '{benchmark}' has no problems; check its file in --data-dir");
        var duplicate = items.GroupBy(i => i.Problem.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UserInputException($"benchmark '{benchmark}' has two problems with id '{duplicate.Key}'; results are kept by id, so ids must be unique");
        return items;
    }

    /// <summary>Says what a resumed run skipped and whether a torn line from a killed run was dropped.</summary>
    public static void PrintResume(IAnsiConsole console, int alreadyDone, bool droppedTornLine, string file)
    {
        if (droppedTornLine)
            console.MarkupLineInterpolated($"[yellow]{file} ended in a partly written line (a run stopped while writing it); dropped it and ran that problem again[/]");
        if (alreadyDone > 0)
            console.MarkupLineInterpolated($"[grey]resumed: {alreadyDone} problems were done by earlier runs and kept as they were[/]");
    }
}
