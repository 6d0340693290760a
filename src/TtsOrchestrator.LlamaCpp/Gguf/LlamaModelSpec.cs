namespace TtsOrchestrator.LlamaCpp.Gguf;

/// <summary>
/// The shape of a llama-architecture model (grouped-query attention, SwiGLU feed-forward, RMS norm, RoPE) with an
/// untied output matrix, as <see cref="RandomLlamaModel"/> writes it.
/// </summary>
public sealed record LlamaModelSpec(
    int VocabSize,
    int EmbeddingDim,
    int Layers,
    int Heads,
    int KvHeads,
    int FeedForwardDim,
    int ContextLength,
    float RmsEpsilon = 1e-5f,
    float RopeFreqBase = 10000f)
{
    /// <summary>About 0.5M parameters: fast enough for unit tests.</summary>
    public static LlamaModelSpec Tiny { get; } = new(VocabSize: 512, EmbeddingDim: 128, Layers: 2, Heads: 4, KvHeads: 2, FeedForwardDim: 384, ContextLength: 512);

    /// <summary>About 102M parameters (≈205 MB as F16): a realistic small model for benchmarks.</summary>
    public static LlamaModelSpec Medium100M { get; } = new(VocabSize: 8192, EmbeddingDim: 768, Layers: 12, Heads: 12, KvHeads: 4, FeedForwardDim: 2560, ContextLength: 1024);

    public int HeadDim => EmbeddingDim / Heads;

    /// <summary>Width of the K and V projections: GQA shares each K/V head among <c>Heads / KvHeads</c> query heads.</summary>
    public int KvEmbeddingDim => HeadDim * KvHeads;

    public long ParameterCount
    {
        get
        {
            long d = EmbeddingDim, kv = KvEmbeddingDim, ff = FeedForwardDim;
            var perLayer = 2 * d * d + 2 * d * kv + 3 * d * ff + 2 * d; // q,o + k,v + gate,up,down + two norms
            return 2L * VocabSize * d + Layers * perLayer + d; // embeddings + output + layers + output norm
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every inconsistency at once.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (new[] { VocabSize, EmbeddingDim, Layers, Heads, KvHeads, FeedForwardDim, ContextLength }.Any(v => v <= 0))
            problems.Add("all sizes must be positive");
        else
        {
            if (EmbeddingDim % Heads != 0) problems.Add($"embedding dim {EmbeddingDim} must be a multiple of heads {Heads}");
            else if (HeadDim % 2 != 0) problems.Add($"head dim {HeadDim} must be even for RoPE");
            if (Heads % KvHeads != 0) problems.Add($"heads {Heads} must be a multiple of kv heads {KvHeads}");
        }
        if (!(RmsEpsilon > 0)) problems.Add($"rms epsilon {RmsEpsilon} must be positive");
        if (!(RopeFreqBase > 0)) problems.Add($"rope freq base {RopeFreqBase} must be positive");
        if (problems.Count > 0) throw new ArgumentException("Invalid llama model spec: " + string.Join("; ", problems));
    }
}
