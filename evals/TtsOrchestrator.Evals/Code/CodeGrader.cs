using System.Text.RegularExpressions;

namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// Runs a candidate program followed by its tests in a <see cref="PythonSandbox"/> and says pass or fail with a
/// short reason ("AssertionError at line 12: assert f(2) == 4", "timed out after 10 s", "memory limit (1 GiB)").
/// A pass needs exit code 0 and a random marker printed after the last test, so code that calls exit(0) before
/// the tests run does not pass.
/// </summary>
public sealed partial class CodeGrader(PythonSandbox sandbox)
{
    private static readonly Lazy<CodeGrader> SharedGrader = new(() => new CodeGrader(new PythonSandbox()));

    /// <summary>One grader with the default limits for the whole process (its sandbox probes once).</summary>
    public static CodeGrader Shared => SharedGrader.Value;

    public PythonSandbox Sandbox => sandbox;

    [GeneratedRegex(@"File ""[^""]*main\.py"", line (?<line>\d+)")]
    private static partial Regex TracebackLine();

    /// <summary>Runs <paramref name="candidate"/> then <paramref name="tests"/> as one program.</summary>
    public async Task<Grade> RunTestsAsync(string candidate, string tests, CancellationToken ct = default)
    {
        var marker = $"tts-tests-passed-{Guid.NewGuid():N}";
        var program = $"{candidate}\n\n{tests}\n\nprint('{marker}', flush=True)\n";
        var run = await sandbox.RunAsync(program, ct).ConfigureAwait(false);
        return Judge(run, program, marker) with { Run = run };
    }

    private Grade Judge(SandboxResult run, string program, string marker)
    {
        var limits = sandbox.Limits;
        return run.Outcome switch
        {
            SandboxOutcome.WallTimeout => Grade.Fail($"timed out after {limits.WallTime.TotalSeconds:0.#} s"),
            SandboxOutcome.CpuLimit => Grade.Fail($"CPU time limit ({limits.CpuTime.TotalSeconds:0.#} s)"),
            SandboxOutcome.MemoryLimit => Grade.Fail($"memory limit ({Size(limits.MemoryBytes)})"),
            SandboxOutcome.ProcessLimit => Grade.Fail($"process limit ({limits.MaxProcesses})"),
            SandboxOutcome.OutputLimit => Grade.Fail($"output limit ({Size(limits.MaxOutputBytes)})"),
            SandboxOutcome.Signaled => Grade.Fail($"killed by signal {run.Signal}"),
            _ when run.ExitCode == 0 && run.Stdout.Contains(marker, StringComparison.Ordinal) => Grade.Pass(),
            _ when run.ExitCode == 0 => Grade.Fail("exited before the tests finished"),
            _ => Grade.Fail(Error(run, program)),
        };
    }

    /// <summary>The exception of the traceback's last line, with the program line it came from when that is known.</summary>
    private static string Error(SandboxResult run, string program)
    {
        var lines = run.Stderr.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (!run.Stderr.Contains("Traceback (most recent call last)", StringComparison.Ordinal) && !run.Stderr.Contains("Error", StringComparison.Ordinal))
            return $"exited with code {run.ExitCode}";
        var error = Shorten(lines.Length > 0 ? lines[^1].Trim() : $"exit code {run.ExitCode}", 160);
        var at = TracebackLine().Matches(run.Stderr).LastOrDefault();
        if (at is null || !int.TryParse(at.Groups["line"].Value, out var number)) return error;
        var source = program.Split('\n');
        return number >= 1 && number <= source.Length
            ? $"{error} at line {number}: {Shorten(source[number - 1].Trim(), 120)}"
            : error;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} bytes",
    };
}
