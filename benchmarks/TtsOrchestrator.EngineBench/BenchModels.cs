using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.EngineBench;

/// <summary>The random-weight models the engine benchmark runs on, written once into .native/bench-models.</summary>
internal static class BenchModels
{
    /// <summary>~4.5M parameters, F32: compute-light, like the 4.3M reference model.</summary>
    private static readonly LlamaModelSpec Small = new(VocabSize: 512, EmbeddingDim: 256, Layers: 4, Heads: 8, KvHeads: 8, FeedForwardDim: 1024, ContextLength: 4096);

    public static string Resolve(string name, string cacheDir)
    {
        var (spec, type) = name switch
        {
            "small" => (Small, GgmlType.F32),
            "medium" => (LlamaModelSpec.Medium100M with { ContextLength = 4096 }, GgmlType.F16),
            "tiny" => (LlamaModelSpec.Tiny, GgmlType.F32),
            _ => (null, GgmlType.F32),
        };
        if (spec is null)
            return File.Exists(name) ? name : throw new FileNotFoundException($"--model '{name}' is neither small|medium|tiny nor an existing GGUF file");
        Directory.CreateDirectory(cacheDir);
        var path = Path.Combine(cacheDir, $"bench-{name}-{spec.ParameterCount / 1_000_000.0:0.#}M-{type}.gguf".ToLowerInvariant());
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"writing {path} ({spec.ParameterCount:N0} parameters, {type})");
            RandomLlamaModel.Write(path + ".tmp", spec, seed: 42, type);
            File.Move(path + ".tmp", path);
        }
        return path;
    }
}
