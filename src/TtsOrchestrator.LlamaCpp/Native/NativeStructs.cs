using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

// Mirrors of the structs in llama.h (llama.cpp as pinned by node-llama-cpp 3.22.1, release v0.5.0).
// Field order and types follow the header exactly; NativeLayoutTests compares sizes and offsets with
// a C program compiled against that header, so a drift fails a test instead of corrupting memory.

/// <summary><c>struct llama_model_params</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct LlamaModelParams
{
    public IntPtr devices;
    public IntPtr tensor_buft_overrides;
    public int n_gpu_layers;
    public int split_mode;
    public int load_mode;
    public int lazy_mode;
    public int main_gpu;
    public IntPtr tensor_split;
    public IntPtr progress_callback;
    public IntPtr progress_callback_user_data;
    public IntPtr kv_overrides;
    [MarshalAs(UnmanagedType.I1)] public bool vocab_only;
    [MarshalAs(UnmanagedType.I1)] public bool check_tensors;
    [MarshalAs(UnmanagedType.I1)] public bool use_extra_bufts;
    [MarshalAs(UnmanagedType.I1)] public bool no_host;
    [MarshalAs(UnmanagedType.I1)] public bool no_alloc;
    [MarshalAs(UnmanagedType.I1)] public bool load_mtp;
}

/// <summary><c>struct llama_context_params</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct LlamaContextParams
{
    public uint n_ctx;
    public uint n_batch;
    public uint n_ubatch;
    public uint n_seq_max;
    public uint n_rs_seq;
    public uint n_outputs_max;
    public uint n_outputs_max_per_seq;
    public int n_threads;
    public int n_threads_batch;
    public int ctx_type;
    public int rope_scaling_type;
    public int pooling_type;
    public int attention_type;
    public int flash_attn_type;
    public float rope_freq_base;
    public float rope_freq_scale;
    public float yarn_ext_factor;
    public float yarn_attn_factor;
    public float yarn_beta_fast;
    public float yarn_beta_slow;
    public uint yarn_orig_ctx;
    public float defrag_thold;
    public IntPtr cb_eval;
    public IntPtr cb_eval_user_data;
    public int type_k;
    public int type_v;
    public IntPtr abort_callback;
    public IntPtr abort_callback_data;
    [MarshalAs(UnmanagedType.I1)] public bool embeddings;
    [MarshalAs(UnmanagedType.I1)] public bool offload_kqv;
    [MarshalAs(UnmanagedType.I1)] public bool no_perf;
    [MarshalAs(UnmanagedType.I1)] public bool op_offload;
    [MarshalAs(UnmanagedType.I1)] public bool swa_full;
    [MarshalAs(UnmanagedType.I1)] public bool kv_unified;
    public IntPtr samplers;
    public nuint n_samplers;
    public IntPtr ctx_other;
}

/// <summary><c>struct llama_batch</c>: arrays owned by llama.cpp (from <c>llama_batch_init</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct LlamaBatch
{
    public int n_tokens;
    public int* token;
    public float* embd;
    public int* pos;
    public int* n_seq_id;
    public int** seq_id;
    public sbyte* logits;
}

/// <summary><c>struct llama_chat_message</c>: UTF-8, NUL-terminated strings.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct LlamaChatMessage
{
    public IntPtr role;
    public IntPtr content;
}

/// <summary><c>struct llama_sampler_chain_params</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct LlamaSamplerChainParams
{
    [MarshalAs(UnmanagedType.I1)] public bool no_perf;
}

/// <summary><c>enum llama_flash_attn_type</c> values.</summary>
public static class LlamaFlashAttention
{
    public const int Auto = -1;
    public const int Disabled = 0;
    public const int Enabled = 1;
}

/// <summary><c>llama_token_data</c>: one candidate token for the samplers.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct LlamaTokenData
{
    public int id;
    public float logit;
    public float p;
}

/// <summary><c>llama_token_data_array</c>: the candidates a sampler chain works on; <c>selected</c> is an index into <c>data</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct LlamaTokenDataArray
{
    public LlamaTokenData* data;
    public nuint size;
    public long selected;
    [MarshalAs(UnmanagedType.I1)] public bool sorted;
}

/// <summary>
/// <c>struct llama_model_quantize_params</c>. The enums are <c>int</c> (<c>llama_ftype</c>, <c>ggml_type</c>); the
/// pointers (imatrix, kv / tensor overrides, pruned layers) stay null in this project.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct LlamaModelQuantizeParams
{
    public int nthread;
    public int ftype;
    public int output_tensor_type;
    public int token_embedding_type;
    [MarshalAs(UnmanagedType.I1)] public bool allow_requantize;
    [MarshalAs(UnmanagedType.I1)] public bool quantize_output_tensor;
    [MarshalAs(UnmanagedType.I1)] public bool only_copy;
    [MarshalAs(UnmanagedType.I1)] public bool pure;
    [MarshalAs(UnmanagedType.I1)] public bool keep_split;
    [MarshalAs(UnmanagedType.I1)] public bool dry_run;
    public IntPtr imatrix;
    public IntPtr kv_overrides;
    public IntPtr tt_overrides;
    public IntPtr prune_layers;
    public nuint max_buf_size;
}
