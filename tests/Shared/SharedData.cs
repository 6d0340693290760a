namespace TtsOrchestrator.Tests.Shared;

/// <summary>Finds the shared datasets folder (../shared/datasets beside the repository) for tests.</summary>
public static class SharedData
{
    public static string DatasetsDirectory { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("TTS_DATA_DIR") is { Length: > 0 } env && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(typeof(SharedData).Assembly.Location)!); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("shared/datasets not found above " + AppContext.BaseDirectory + "; set TTS_DATA_DIR");
    }
}
