namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>How the in-process engine loads a model and schedules work. Validated once, when the engine starts.</summary>
public sealed record LlamaEngineOptions
{
    public required string ModelPath { get; init; }
    /// <summary>
    /// KV cells of each sequence: its prompt plus generated tokens. Null = the model's training
    /// context within 1024..2048. The KV cache holds this many cells for every parallel sequence.
    /// </summary>
    public int? ContextPerSequence { get; init; }
    /// <summary>Sequences decoded together; bounds how many samples are in flight at once.</summary>
    public int MaxParallelSequences { get; init; } = 16;
    /// <summary>
    /// KV layout. Per-sequence streams (false): each token attends only to its own sequence's cells,
    /// a shared prompt is copied stream to stream in memory, and cached prefixes cost nothing until
    /// reused. One unified stream (true): a shared prompt's cells are shared outright (no copy), but
    /// every token attends to every cell in use, so it pays off only for long shared prompts and short answers.
    /// </summary>
    public bool UnifiedKvCache { get; init; }

    /// <summary>Tokens per llama_decode call (generation tokens first, prompt chunks fill the rest).</summary>
    public int BatchSize { get; init; } = 512;
    /// <summary>CPU threads; default: all cores.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Layers offloaded to the GPU; null = all when a GPU backend is loaded, else 0.</summary>
    public int? GpuLayers { get; init; }

    internal void Validate()
    {
        var problems = new List<string>();
        if (ContextPerSequence < 64) problems.Add($"context per sequence {ContextPerSequence} is below 64");
        if (MaxParallelSequences is < 1 or > 256) problems.Add($"max parallel sequences {MaxParallelSequences} is outside 1..256");
        if (BatchSize < MaxParallelSequences) problems.Add($"batch size {BatchSize} is below max parallel sequences {MaxParallelSequences}");
        if (Threads < 1) problems.Add($"threads {Threads} is below 1");
        if (GpuLayers < -1) problems.Add($"gpu layers {GpuLayers} is below -1");
        if (problems.Count > 0) throw new LlamaException("invalid engine options: " + string.Join("; ", problems));
    }
}
