namespace TtsOrchestrator.Evals.Code;

/// <summary>One HumanEval record: the prompt (signature and docstring), the reference body and the hidden tests.</summary>
public sealed record HumanEvalTask(string TaskId, string Prompt, string EntryPoint, string CanonicalSolution, string Test)
{
    /// <summary>The tests as the harness runs them: the record's <c>check</c> function called on the entry point.</summary>
    public string TestProgram => $"{Test}\n\ncheck({EntryPoint})\n";
}
