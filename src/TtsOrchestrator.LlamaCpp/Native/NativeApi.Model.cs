using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

public static unsafe partial class NativeApi
{
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern LlamaModelParams llama_model_default_params();

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern SafeLlamaModelHandle llama_model_load_from_file([MarshalAs(UnmanagedType.LPUTF8Str)] string path, LlamaModelParams parameters);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_model_free(IntPtr model);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_model_get_vocab(SafeLlamaModelHandle model);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern ulong llama_model_n_params(SafeLlamaModelHandle model);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern ulong llama_model_size(SafeLlamaModelHandle model);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_model_n_layer(SafeLlamaModelHandle model);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_model_desc(SafeLlamaModelHandle model, byte* buffer, nuint bufferSize);

    /// <summary>The model's chat template (owned by the model), or null when it has none.</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_model_chat_template(SafeLlamaModelHandle model, IntPtr name);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_chat_apply_template(IntPtr template, LlamaChatMessage* chat, nuint messageCount,
        [MarshalAs(UnmanagedType.I1)] bool addAssistant, byte* buffer, int length);
}
