using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>
/// tts-arith's vocabulary and tokenizer on a body small enough to write, load and train in well under a second,
/// so tokenizer and export checks never wait for the real model.
/// </summary>
public static class TinyArithModel
{
    public static SpmVocabulary Vocabulary { get; } = ArithVocabulary.Create();

    public static ArithTokenizer Tokenizer { get; } = new(Vocabulary);

    /// <summary>Context 256: the smallest the trainer accepts (llama.cpp pads contexts to multiples of 256).</summary>
    public static LlamaModelSpec Spec { get; } = new(Vocabulary.Count, EmbeddingDim: 64, Layers: 2, Heads: 4, KvHeads: 2, FeedForwardDim: 192, ContextLength: 256);

    /// <summary>Writes a random-weight F32 model, as <c>tts-train train</c> starts from.</summary>
    public static void Write(string path, int seed) =>
        RandomLlamaModel.Write(path, Spec, seed, GgmlType.F32, Vocabulary, name: "tts-arith-tiny");
}

/// <summary>A fresh temporary folder per test class instance, deleted afterwards.</summary>
public abstract class TempDirectory : IDisposable
{
    protected string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("tts-trainer-tests").FullName;

    protected string PathOf(string file) => Path.Combine(Directory, file);

    public virtual void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
