namespace TtsOrchestrator.Evals.Code;

/// <summary>The end of one sandboxed run: how it ended, its (capped) output and how long it took.</summary>
public sealed record SandboxResult
{
    public required SandboxOutcome Outcome { get; init; }

    /// <summary>The interpreter's exit code; null when it was killed (by a signal or by the sandbox).</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that ended the interpreter, when one did.</summary>
    public int? Signal { get; init; }

    /// <summary>Whether the sandbox killed the run (timeout or output cap) or a signal ended it.</summary>
    public bool Killed { get; init; }

    /// <summary>Whether output beyond <see cref="SandboxLimits.MaxOutputBytes"/> was dropped.</summary>
    public bool OutputTruncated { get; init; }

    public string Stdout { get; init; } = "";
    public string Stderr { get; init; } = "";
    public TimeSpan WallTime { get; init; }

    public bool TimedOut => Outcome is SandboxOutcome.WallTimeout or SandboxOutcome.CpuLimit;
    public bool HitLimit => Outcome is not (SandboxOutcome.Exited or SandboxOutcome.Signaled);
    public bool Succeeded => Outcome == SandboxOutcome.Exited && ExitCode == 0;
}
