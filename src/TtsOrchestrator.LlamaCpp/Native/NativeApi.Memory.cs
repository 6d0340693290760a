using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

public static partial class NativeApi
{
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr llama_get_memory(SafeLlamaContextHandle context);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_memory_clear(IntPtr memory, [MarshalAs(UnmanagedType.I1)] bool data);

    /// <summary>Removes positions [p0, p1) of a sequence (p1 &lt; 0: to the end).</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.I1)]
    public static extern bool llama_memory_seq_rm(IntPtr memory, int seqId, int p0, int p1);

    /// <summary>
    /// Copies a sequence's cells to another. Within one KV stream the cells are shared; across streams
    /// (one stream per sequence) only whole copies (p0 = p1 = -1) are allowed, applied at the next decode.
    /// </summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_memory_seq_cp(IntPtr memory, int source, int destination, int p0, int p1);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern int llama_memory_seq_pos_max(IntPtr memory, int seqId);
}
