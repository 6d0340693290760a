using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

/// <summary>
/// The llama.cpp C API, one partial class split by topic, with llama.h's own names so the header and
/// the binding read alike. The libraries are resolved by <see cref="NativeLibraryLoader"/>.
/// </summary>
public static unsafe partial class NativeApi
{
    internal const string Llama = "llama";
    internal const string Ggml = "ggml";

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_backend_init();

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.I1)]
    public static extern bool llama_supports_gpu_offload();

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_print_system_info();

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_log_set(delegate* unmanaged[Cdecl]<int, byte*, IntPtr, void> callback, IntPtr userData);

    /// <summary>Loads every ggml backend found in <paramref name="directory"/> (CPU variants, CUDA).</summary>
    [DllImport(Ggml, CallingConvention = CallingConvention.Cdecl)]
    public static extern void ggml_backend_load_all_from_path([MarshalAs(UnmanagedType.LPUTF8Str)] string directory);
}
