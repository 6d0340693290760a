using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

public static unsafe partial class NativeApi
{
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern LlamaContextParams llama_context_default_params();

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern SafeLlamaContextHandle llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams parameters);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_free(IntPtr context);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern uint llama_n_ctx(SafeLlamaContextHandle context);

    /// <summary>KV cells of one sequence (n_ctx / n_seq_max when sequences have their own streams).</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern uint llama_n_ctx_seq(SafeLlamaContextHandle context);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern uint llama_n_batch(SafeLlamaContextHandle context);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern uint llama_n_seq_max(SafeLlamaContextHandle context);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_set_n_threads(SafeLlamaContextHandle context, int threads, int threadsBatch);

    /// <summary>0 on success, 1 when no KV slot was found for the batch, negative on error.</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_decode(SafeLlamaContextHandle context, LlamaBatch batch);

    /// <summary>Logits of output <paramref name="i"/> of the last batch (n_vocab floats, owned by the context).</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern float* llama_get_logits_ith(SafeLlamaContextHandle context, int i);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern LlamaBatch llama_batch_init(int tokens, int embd, int seqMax);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_batch_free(LlamaBatch batch);
}
