namespace TtsOrchestrator.Evals.Code;

/// <summary>How a sandboxed run ended. Anything but <see cref="Exited"/> means a limit stopped it.</summary>
public enum SandboxOutcome
{
    /// <summary>The program exited by itself (any exit code) within every limit.</summary>
    Exited,
    /// <summary>The wall-clock limit ran out and the sandbox was killed.</summary>
    WallTimeout,
    /// <summary>A process used up its CPU time (SIGXCPU, or SIGKILL at the hard limit).</summary>
    CpuLimit,
    /// <summary>An allocation failed at the memory limit (MemoryError) or the cgroup's OOM killer struck.</summary>
    MemoryLimit,
    /// <summary>A fork or thread start failed at the process limit (and the program exited, or ran on until killed).</summary>
    ProcessLimit,
    /// <summary>The program wrote more than the output cap and the sandbox was killed.</summary>
    OutputLimit,
    /// <summary>The program died of a signal that no limit explains (e.g. a segfault).</summary>
    Signaled,
}
