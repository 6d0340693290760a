namespace TtsOrchestrator.Core;

/// <summary>
/// An error the user caused and can fix (bad spec, missing file, model that does not load). The
/// message is one line that names the input and the fix; front ends print it without a stack trace.
/// </summary>
public class UserInputException(string message, int exitCode = 1, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Process exit code for this error (2 = invalid usage, 1 = anything else).</summary>
    public int ExitCode { get; } = exitCode;
}
