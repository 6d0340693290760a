using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>
/// A tiny random-weight llama GGUF in a temporary folder, written once per test class: `tts run` loads
/// it with the real llama.cpp engine in milliseconds. Its answers are noise, so tests assert shapes.
/// </summary>
public sealed class TinyModelFile : IDisposable
{
    public TinyModelFile()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tts-cli").FullName;
        Path = PathOf("tiny.gguf");
        RandomLlamaModel.Write(Path, LlamaModelSpec.Tiny, seed: 1, GgmlType.F32);
    }

    public string Directory { get; }
    public string Path { get; }

    public string PathOf(string file) => System.IO.Path.Combine(Directory, file);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
