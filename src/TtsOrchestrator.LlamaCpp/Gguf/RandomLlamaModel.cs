namespace TtsOrchestrator.LlamaCpp.Gguf;

/// <summary>
/// Writes a llama-architecture GGUF with seeded random weights and a <see cref="SpmVocabulary"/> that llama.cpp loads
/// and runs: a stand-in model of a chosen size for tests and benchmarks. Matrices are normal with std 1/sqrt(fan_in),
/// so activations keep their scale and different prompts give different continuations; norm weights are ones, in F32.
/// </summary>
public static class RandomLlamaModel
{
    /// <param name="tensorType">Type of the weight matrices; F16 makes a "mostly F16" file (norms stay F32).</param>
    /// <param name="vocabulary">The tokenizer to store; default a generic one of <see cref="LlamaModelSpec.VocabSize"/> tokens.</param>
    /// <param name="name">The <c>general.name</c> metadata; default names size and seed.</param>
    public static void Write(string path, LlamaModelSpec spec, int seed, GgmlType tensorType = GgmlType.F16, SpmVocabulary? vocabulary = null, string? name = null)
    {
        spec.Validate();
        if (vocabulary is not null && vocabulary.Count != spec.VocabSize)
            throw new ArgumentException($"the vocabulary has {vocabulary.Count} tokens but the spec says {spec.VocabSize}", nameof(vocabulary));
        var writer = new GgufWriter();
        writer.AddMetadata("general.architecture", "llama");
        writer.AddMetadata("general.name", name ?? $"random-llama-{spec.ParameterCount / 1e6:0.#}M-seed{seed}");
        writer.AddMetadata("general.file_type", tensorType == GgmlType.F32 ? 0u : 1u); // LLAMA_FTYPE_ALL_F32 / MOSTLY_F16
        writer.AddMetadata("llama.vocab_size", (uint)spec.VocabSize);
        writer.AddMetadata("llama.context_length", (uint)spec.ContextLength);
        writer.AddMetadata("llama.embedding_length", (uint)spec.EmbeddingDim);
        writer.AddMetadata("llama.block_count", (uint)spec.Layers);
        writer.AddMetadata("llama.feed_forward_length", (uint)spec.FeedForwardDim);
        writer.AddMetadata("llama.attention.head_count", (uint)spec.Heads);
        writer.AddMetadata("llama.attention.head_count_kv", (uint)spec.KvHeads);
        writer.AddMetadata("llama.rope.dimension_count", (uint)spec.HeadDim);
        writer.AddMetadata("llama.rope.freq_base", spec.RopeFreqBase);
        writer.AddMetadata("llama.attention.layer_norm_rms_epsilon", spec.RmsEpsilon);
        (vocabulary ?? SpmVocabulary.Create(spec.VocabSize)).AddTo(writer);

        long d = spec.EmbeddingDim, kv = spec.KvEmbeddingDim, ff = spec.FeedForwardDim, vocab = spec.VocabSize;
        writer.AddTensor("token_embd.weight", tensorType, d, vocab);
        for (var i = 0; i < spec.Layers; i++)
        {
            writer.AddTensor($"blk.{i}.attn_norm.weight", GgmlType.F32, d);
            writer.AddTensor($"blk.{i}.attn_q.weight", tensorType, d, d);
            writer.AddTensor($"blk.{i}.attn_k.weight", tensorType, d, kv);
            writer.AddTensor($"blk.{i}.attn_v.weight", tensorType, d, kv);
            writer.AddTensor($"blk.{i}.attn_output.weight", tensorType, d, d);
            writer.AddTensor($"blk.{i}.ffn_norm.weight", GgmlType.F32, d);
            writer.AddTensor($"blk.{i}.ffn_gate.weight", tensorType, d, ff);
            writer.AddTensor($"blk.{i}.ffn_up.weight", tensorType, d, ff);
            writer.AddTensor($"blk.{i}.ffn_down.weight", tensorType, ff, d);
        }
        writer.AddTensor("output_norm.weight", GgmlType.F32, d);
        writer.AddTensor("output.weight", tensorType, d, vocab);

        // One generator for the whole file, drawn in declaration order: the file is a pure function of (spec, seed, type).
        var random = new Random(seed);
        writer.WriteTo(path, (tensor, values) =>
        {
            if (tensor.Shape.Count == 1) values.Fill(1f); // norm weights
            else FillNormal(random, values, std: 1 / MathF.Sqrt(tensor.Shape[0])); // ne0 is the fan-in of y = W x
        });
    }

    /// <summary>Box-Muller; <see cref="Random(int)"/> keeps one algorithm across .NET versions, so files stay reproducible.</summary>
    private static void FillNormal(Random random, Span<float> values, float std)
    {
        for (var i = 0; i < values.Length; i += 2)
        {
            var radius = std * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            values[i] = (float)(radius * Math.Cos(angle));
            if (i + 1 < values.Length) values[i + 1] = (float)(radius * Math.Sin(angle));
        }
    }
}
