namespace TtsOrchestrator.LlamaCpp.Native;

/// <summary>
/// A persistent ggml CPU threadpool for one context. Without one, ggml creates and joins a fresh
/// set of threads for every graph it computes, which on few cores costs more than the extra threads
/// gain. The CPU backend is loaded dynamically, so its threadpool functions are looked up by name.
/// </summary>
public sealed unsafe class CpuThreadpool : IDisposable
{
    private readonly delegate* unmanaged[Cdecl]<IntPtr, void> _free;
    private IntPtr _pool;

    private CpuThreadpool(IntPtr pool, delegate* unmanaged[Cdecl]<IntPtr, void> free)
    {
        _pool = pool;
        _free = free;
    }

    public IntPtr Handle => _pool;

    /// <summary>A pool of <paramref name="threads"/> threads, or null when no CPU backend offers one.</summary>
    public static CpuThreadpool? Create(int threads)
    {
        var device = NativeApi.ggml_backend_dev_by_type(NativeApi.GgmlBackendDeviceTypeCpu);
        if (device == IntPtr.Zero) return null;
        var registry = NativeApi.ggml_backend_dev_backend_reg(device);
        var create = (delegate* unmanaged[Cdecl]<GgmlThreadpoolParams*, IntPtr>)NativeApi.ggml_backend_reg_get_proc_address(registry, "ggml_threadpool_new");
        var free = (delegate* unmanaged[Cdecl]<IntPtr, void>)NativeApi.ggml_backend_reg_get_proc_address(registry, "ggml_threadpool_free");
        if (create == null || free == null) return null;
        GgmlThreadpoolParams parameters;
        NativeApi.ggml_threadpool_params_init(&parameters, threads);
        var pool = create(&parameters);
        return pool == IntPtr.Zero ? null : new CpuThreadpool(pool, free);
    }

    public void Dispose()
    {
        if (_pool == IntPtr.Zero) return;
        _free(_pool);
        _pool = IntPtr.Zero;
    }
}
