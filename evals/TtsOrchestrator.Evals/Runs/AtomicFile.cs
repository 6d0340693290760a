namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// Writes whole files through a temporary sibling and a rename, so a reader (or a run killed mid-write) never finds
/// half a summary or half a report: the old file stays until the new one is complete.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
