namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>How the in-process engine loads a model and schedules work. Validated once, when the engine starts.</summary>
public sealed record LlamaEngineOptions
{
    public required string ModelPath { get; init; }
    /// <summary>KV cells shared by all sequences (prompt and generated tokens of everything in flight).</summary>
    public int ContextSize { get; init; } = 16384;
    /// <summary>Sequences decoded together; bounds how many samples are in flight at once.</summary>
    public int MaxParallelSequences { get; init; } = 16;
    /// <summary>Tokens per llama_decode call (generation tokens first, prompt chunks fill the rest).</summary>
    public int BatchSize { get; init; } = 512;
    /// <summary>CPU threads; default: all cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Layers offloaded to the GPU; null = all when a GPU backend is loaded, else 0.</summary>
    public int? GpuLayers { get; init; }

    internal void Validate()
    {
        var problems = new List<string>();
        if (ContextSize < 64) problems.Add($"context size {ContextSize} is below 64");
        if (MaxParallelSequences is < 1 or > 256) problems.Add($"max parallel sequences {MaxParallelSequences} is outside 1..256");
        if (BatchSize < MaxParallelSequences) problems.Add($"batch size {BatchSize} is below max parallel sequences {MaxParallelSequences}");
        if (Threads < 1) problems.Add($"threads {Threads} is below 1");
        if (GpuLayers < -1) problems.Add($"gpu layers {GpuLayers} is below -1");
        if (problems.Count > 0) throw new LlamaException("invalid engine options: " + string.Join("; ", problems));
    }
}
