using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

/// <summary><c>struct ggml_threadpool_params</c> (ggml.h); bools as bytes so the struct stays blittable.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct GgmlThreadpoolParams
{
    public fixed byte cpumask[512]; // GGML_MAX_N_THREADS
    public int n_threads;
    public int prio;
    public uint poll;
    public byte strict_cpu;
    public byte paused;
}

public static unsafe partial class NativeApi
{
    internal const string GgmlBase = "ggml-base";

    public const int GgmlBackendDeviceTypeCpu = 0;

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern void ggml_threadpool_params_init(GgmlThreadpoolParams* parameters, int threads);

    [DllImport(Ggml, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr ggml_backend_dev_by_type(int type);

    [DllImport(Ggml, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr ggml_backend_dev_backend_reg(IntPtr device);

    /// <summary>A function of a backend that is not part of the common backend API (e.g. the CPU backend's threadpool).</summary>
    [DllImport(Ggml, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr ggml_backend_reg_get_proc_address(IntPtr registry, [MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    /// <summary>Uses <paramref name="threadpool"/> for every decode (null batch pool: the same one).</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_attach_threadpool(SafeLlamaContextHandle context, IntPtr threadpool, IntPtr threadpoolBatch);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_detach_threadpool(SafeLlamaContextHandle context);
}
