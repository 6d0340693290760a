using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

/// <summary><c>struct ggml_opt_optimizer_params</c> (ggml-opt.h): AdamW and SGD settings for one optimizer step.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct GgmlOptOptimizerParams
{
    public AdamWParams adamw;
    public SgdParams sgd;

    [StructLayout(LayoutKind.Sequential)]
    public struct AdamWParams
    {
        public float alpha, beta1, beta2, eps, wd;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct SgdParams
    {
        public float alpha, wd;
    }
}

/// <summary><c>struct llama_opt_params</c>: which tensors train and how the optimizer is configured per step.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct LlamaOptParams
{
    public uint n_ctx_train;
    public IntPtr param_filter;
    public IntPtr param_filter_ud;
    public IntPtr get_opt_pars;
    public IntPtr get_opt_pars_ud;
    public int optimizer_type;
}

/// <summary>llama.cpp's training API (llama_opt_*) and the ggml-opt dataset/result helpers it uses.</summary>
public static unsafe partial class NativeApi
{
    public const int GgmlTypeI32 = 26;
    public const int GgmlOptOptimizerAdamW = 0;
    public const int LlamaLoadModeNone = 0;

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_opt_init(SafeLlamaContextHandle context, SafeLlamaModelHandle model, LlamaOptParams parameters);

    /// <summary>One pass over the dataset: trains on datapoints [0, split), evaluates on the rest; callbacks may be null.</summary>
    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_opt_epoch(SafeLlamaContextHandle context, IntPtr dataset, IntPtr resultTrain, IntPtr resultEval,
        long split, IntPtr callbackTrain, IntPtr callbackEval);

    [DllImport(Llama, CallingConvention = CallingConvention.Cdecl)]
    public static extern void llama_model_save_to_file(SafeLlamaModelHandle model, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr ggml_opt_dataset_init(int typeData, int typeLabel, long elementsPerDatapoint, long elementsPerLabel, long count, long shard);

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern void ggml_opt_dataset_free(IntPtr dataset);

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr ggml_opt_dataset_data(IntPtr dataset);

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr ggml_opt_dataset_labels(IntPtr dataset);

    /// <summary>The host memory of a CPU tensor.</summary>
    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern void* ggml_get_data(IntPtr tensor);

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr ggml_opt_result_init();

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern void ggml_opt_result_free(IntPtr result);

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern void ggml_opt_result_reset(IntPtr result);

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern void ggml_opt_result_loss(IntPtr result, double* loss, double* uncertainty);

    [DllImport(GgmlBase, CallingConvention = CallingConvention.Cdecl)]
    public static extern GgmlOptOptimizerParams ggml_opt_get_default_optimizer_params(IntPtr userdata);
}
