using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

public static unsafe partial class NativeApi
{
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern LlamaModelQuantizeParams llama_model_quantize_default_params();

    /// <summary>Rewrites a GGUF model with its tensors converted to <c>parameters->ftype</c>; 0 on success (errors are logged).</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern uint llama_model_quantize([MarshalAs(UnmanagedType.LPUTF8Str)] string input,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string output, LlamaModelQuantizeParams* parameters);
}
