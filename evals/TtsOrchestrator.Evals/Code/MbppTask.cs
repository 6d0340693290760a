namespace TtsOrchestrator.Evals.Code;

/// <summary>One MBPP (sanitized) record: the task text, the reference code, the imports its tests need and its asserts.</summary>
public sealed record MbppTask(int TaskId, string Description, string Code, IReadOnlyList<string> TestImports, IReadOnlyList<string> TestList)
{
    /// <summary>The asserts, one after another (the imports go before the candidate, which may rely on them too).</summary>
    public string TestProgram => string.Join('\n', TestList) + "\n";

    /// <summary>The test imports to put before a candidate.</summary>
    public string Preamble => TestImports.Count == 0 ? "" : string.Join('\n', TestImports) + "\n\n";
}
