using System.Runtime.InteropServices;

namespace TtsOrchestrator.Evals.Code;

/// <summary>kill(2), for signalling a whole process group (System.Diagnostics.Process only kills a tree it can see).</summary>
internal static class SandboxNative
{
    public const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int KillNative(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/>; a negative pid means the process group. Errors (already gone) are ignored.</summary>
    public static void Kill(int pid, int signal)
    {
        try { _ = KillNative(pid, signal); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }
}
