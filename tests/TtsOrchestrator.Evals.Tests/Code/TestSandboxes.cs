using TtsOrchestrator.Evals.Code;

namespace TtsOrchestrator.Evals.Tests.Code;

/// <summary>The sandboxes the tests share: default limits, and tight ones so runaway programs end quickly.</summary>
public static class TestSandboxes
{
    public static PythonSandbox Default { get; } = new(maxConcurrency: 2);

    public static PythonSandbox Tight { get; } = new(new SandboxLimits { WallTime = TimeSpan.FromSeconds(4), CpuTime = TimeSpan.FromSeconds(2) }, maxConcurrency: 2);

    public static CodeGrader DefaultGrader { get; } = new(Default);

    public static CodeGrader TightGrader { get; } = new(Tight);
}
