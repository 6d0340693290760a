namespace TtsOrchestrator.Tests.Shared;

/// <summary>Folders of the repository the tests run from.</summary>
public static class RepoPaths
{
    /// <summary>The repository root (the folder holding TtsOrchestrator.sln).</summary>
    public static string Root { get; } = Find();

    /// <summary>The pinned llama.cpp source, fetched by the build into .native/source.</summary>
    public static string LlamaSource => Path.Combine(Root, ".native", "source");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(typeof(RepoPaths).Assembly.Location)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TtsOrchestrator.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("TtsOrchestrator.sln not found above " + AppContext.BaseDirectory);
    }
}
