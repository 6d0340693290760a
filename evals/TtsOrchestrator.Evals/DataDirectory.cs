using TtsOrchestrator.Core;

namespace TtsOrchestrator.Evals;

/// <summary>Finds benchmark files: --data-dir, else the TTS_DATA_DIR environment variable.</summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "TTS_DATA_DIR";

    /// <summary>The full path of <paramref name="fileName"/> in the data directory; a user error when it is not there.</summary>
    public static string Locate(string fileName, string? dataDir)
    {
        var dir = dataDir ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(dir))
            throw new UserInputException($"no data directory for '{fileName}': pass --data-dir DIR or set {EnvironmentVariable}");
        var path = Path.Combine(dir, fileName);
        if (!File.Exists(path))
            throw new UserInputException($"benchmark file '{path}' does not exist; point --data-dir (or {EnvironmentVariable}) at the folder that holds {fileName}");
        return path;
    }
}
