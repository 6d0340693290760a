namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// What one sandboxed Python run may use. The defaults fit HumanEval/MBPP tests (each needs well under a
/// second and a few MiB) with a wide margin, and keep a runaway sample from hurting the machine.
/// </summary>
public sealed record SandboxLimits
{
    /// <summary>Wall-clock time; the whole sandbox (every process in it) is killed when it runs out.</summary>
    public TimeSpan WallTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CPU time per process (RLIMIT_CPU: SIGXCPU at the limit, SIGKILL a second later).</summary>
    public TimeSpan CpuTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Address space per process (RLIMIT_AS), and the sandbox's total memory where a cgroup is available.</summary>
    public long MemoryBytes { get; init; } = 1L << 30;

    /// <summary>Processes and threads the sandboxed code may have at once (RLIMIT_NPROC of its throwaway uid; cgroup pids.max).</summary>
    public int MaxProcesses { get; init; } = 32;

    /// <summary>Bytes of stdout and stderr together that are kept; the run is killed when it writes more.</summary>
    public int MaxOutputBytes { get; init; } = 1 << 20;

    /// <summary>Size of the private work directory (a tmpfs), which also bounds any single file (RLIMIT_FSIZE).</summary>
    public long WorkDirBytes { get; init; } = 64L << 20;

    /// <summary>Open file descriptors per process (RLIMIT_NOFILE).</summary>
    public int MaxOpenFiles { get; init; } = 256;

    public static SandboxLimits Default { get; } = new();

    /// <summary>Throws when a limit is not positive, naming it (a zero limit would fail every sample silently).</summary>
    public void Validate()
    {
        if (WallTime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WallTime), WallTime, "must be positive");
        if (CpuTime < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(CpuTime), CpuTime, "must be at least 1 s (RLIMIT_CPU counts whole seconds)");
        if (MemoryBytes < 64L << 20) throw new ArgumentOutOfRangeException(nameof(MemoryBytes), MemoryBytes, "must be at least 64 MiB (the interpreter needs about 20 MiB)");
        if (MaxProcesses < 1) throw new ArgumentOutOfRangeException(nameof(MaxProcesses), MaxProcesses, "must be at least 1");
        if (MaxOutputBytes < 1) throw new ArgumentOutOfRangeException(nameof(MaxOutputBytes), MaxOutputBytes, "must be positive");
        if (WorkDirBytes < 1L << 20) throw new ArgumentOutOfRangeException(nameof(WorkDirBytes), WorkDirBytes, "must be at least 1 MiB");
        if (MaxOpenFiles < 16) throw new ArgumentOutOfRangeException(nameof(MaxOpenFiles), MaxOpenFiles, "must be at least 16");
    }
}
