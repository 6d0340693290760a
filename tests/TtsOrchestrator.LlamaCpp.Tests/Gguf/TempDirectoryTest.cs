namespace TtsOrchestrator.LlamaCpp.Tests.Gguf;

/// <summary>A fresh temporary folder per test class instance, deleted afterwards.</summary>
public abstract class TempDirectoryTest : IDisposable
{
    protected string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("tts-gguf").FullName;

    protected string PathOf(string file) => Path.Combine(Directory, file);

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
