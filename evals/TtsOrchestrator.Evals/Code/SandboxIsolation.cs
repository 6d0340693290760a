namespace TtsOrchestrator.Evals.Code;

/// <summary>What the sandbox found it can enforce on this machine, checked once by a probe run.</summary>
public sealed record SandboxIsolation
{
    /// <summary>True: the code runs as a throwaway uid (we are root). False: as the caller's uid inside a user namespace.</summary>
    public required bool ThrowawayUid { get; init; }

    /// <summary>Whether a cgroup caps the sandbox's total memory and process count (else rlimits per process only).</summary>
    public required bool Cgroup { get; init; }

    /// <summary>The interpreter the sandbox runs.</summary>
    public required string Python { get; init; }

    /// <summary>Mechanisms that are weaker than the full sandbox, one line each (also logged once).</summary>
    public IReadOnlyList<string> Weaknesses { get; init; } = [];

    public override string ToString() =>
        $"python sandbox: {Python}; network, pid, mount, ipc and uts namespaces; read-only filesystem but a private tmpfs work dir; " +
        (ThrowawayUid ? "throwaway uid" : "caller's uid in a user namespace") + "; rlimits (as, cpu, nproc, fsize, nofile, core)" +
        (Cgroup ? "; cgroup memory and pids limits" : "; no cgroup") +
        (Weaknesses.Count > 0 ? "; weaker: " + string.Join("; ", Weaknesses) : "");
}
