using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.LlamaCpp.Tests.Engine;

/// <summary>
/// A tiny random-weight llama model written by the project's own GGUF writer (so engine tests never
/// wait for a trained model), and one engine on it shared by the tests of a collection.
/// </summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tts-tiny").FullName;
        ModelPath = Path.Combine(Directory, "tiny-f32.gguf");
        RandomLlamaModel.Write(ModelPath, LlamaModelSpec.Tiny, seed: 1, GgmlType.F32);
        Engine = LlamaGenerator.Start(Options());
    }

    public string Directory { get; }
    public string ModelPath { get; }
    public LlamaGenerator Engine { get; }

    public LlamaEngineOptions Options(int sequences = 16, int contextPerSequence = 512) =>
        new() { ModelPath = ModelPath, MaxParallelSequences = sequences, ContextPerSequence = contextPerSequence, BatchSize = 512 };

    public void Dispose()
    {
        Engine.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "tiny llama model";
}
