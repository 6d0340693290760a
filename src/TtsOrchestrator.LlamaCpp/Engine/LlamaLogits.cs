using TtsOrchestrator.LlamaCpp.Native;

namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>
/// The next-token logits at every position of one token sequence, row-major [position][vocabulary], for checks
/// that compare models (an export against its checkpoint, a trainer against its saved file). Not an inference
/// path: one sequence at positions 0..n-1, one batch, every output row kept.
/// </summary>
public static unsafe class LlamaLogits
{
    /// <summary>Decodes <paramref name="tokens"/> in a fresh context of its own on <paramref name="model"/>.</summary>
    /// <param name="exactCache">
    /// True: F32 KV cache and no flash attention, as in <see cref="Training.LlamaTrainer"/>'s context, so only the
    /// weights differ between the two. False: llama.cpp's defaults as the engine runs (F16 KV cache), the logits users get.
    /// </param>
    public static float[] Compute(LlamaModel model, IReadOnlyList<int> tokens, int threads, bool exactCache = false)
    {
        if (tokens.Count == 0) throw new ArgumentException("logits need at least one token", nameof(tokens));
        var p = NativeApi.llama_context_default_params();
        p.n_ctx = p.n_batch = p.n_ubatch = (uint)tokens.Count;
        p.n_seq_max = 1;
        p.n_threads = p.n_threads_batch = Math.Max(1, threads);
        p.no_perf = true;
        if (exactCache)
        {
            p.type_k = p.type_v = 0; // GGML_TYPE_F32
            p.flash_attn_type = LlamaFlashAttention.Disabled;
        }
        NativeLibraryLoader.ClearRecentErrors();
        using var context = NativeApi.llama_init_from_model(model.Handle, p);
        if (context.IsInvalid)
            throw new LlamaException($"llama.cpp could not create a context of {tokens.Count} tokens for '{model.Path}': {NativeLibraryLoader.RecentErrors()}");
        return Decode(context, model.VocabularySize, tokens);
    }

    /// <summary>
    /// Decodes <paramref name="tokens"/> as sequence 0 of <paramref name="context"/>, in batches of the context's batch
    /// size, and copies every output row. The KV cache is cleared before and after, so the context's other work
    /// (generation, training) never sees these positions.
    /// </summary>
    internal static float[] Decode(SafeLlamaContextHandle context, int vocabulary, IReadOnlyList<int> tokens)
    {
        var memory = NativeApi.llama_get_memory(context);
        NativeApi.llama_memory_clear(memory, data: true);
        try
        {
            for (var i = 0; i < tokens.Count; i++)
                if ((uint)tokens[i] >= (uint)vocabulary)
                    throw new ArgumentOutOfRangeException(nameof(tokens), tokens[i], $"token {i} is not in the vocabulary of {vocabulary}");
            var logits = new float[(long)tokens.Count * vocabulary];
            var batchSize = (int)NativeApi.llama_n_batch(context); // a trainer's context may step in quarter windows
            using var batch = new SafeLlamaBatchHandle(batchSize, 1);
            for (var start = 0; start < tokens.Count; start += batchSize)
            {
                var count = Math.Min(batchSize, tokens.Count - start);
                batch.Clear();
                for (var i = start; i < start + count; i++) batch.Add(tokens[i], position: i, sequence: 0, wantLogits: true);
                NativeLibraryLoader.ClearRecentErrors();
                var status = NativeApi.llama_decode(context, batch.Value);
                if (status != 0)
                    throw new LlamaException($"llama_decode failed ({status}) on {tokens.Count} tokens: {NativeLibraryLoader.RecentErrors()}");
                for (var i = 0; i < count; i++)
                    new ReadOnlySpan<float>(NativeApi.llama_get_logits_ith(context, i), vocabulary).CopyTo(logits.AsSpan((start + i) * vocabulary, vocabulary));
            }
            return logits;
        }
        finally
        {
            NativeApi.llama_memory_clear(memory, data: true);
        }
    }
}
