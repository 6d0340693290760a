using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Gguf;
using TtsOrchestrator.LlamaCpp.Native;

namespace TtsOrchestrator.LlamaCpp.Training;

/// <summary>Loss of one epoch on its training and validation parts (nats per token).</summary>
public sealed record EpochLoss(double Train, double Validation);

/// <summary>
/// Trains a GGUF model in place with llama.cpp's own training API (llama_opt_init / llama_opt_epoch,
/// AdamW, next-token cross-entropy on every position), so training and inference share one native
/// library. Sequences are windows of exactly <see cref="ContextLength"/> + 1 tokens. The learning rate
/// schedule passed to <see cref="Open"/> is asked before every optimizer step (warm-up, decay).
/// </summary>
public sealed unsafe class LlamaTrainer : IDisposable
{
    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly Func<long, float> _learningRate;
    private readonly float _weightDecay;
    private readonly CpuThreadpool? _threadpool;
    private GCHandle _self;
    private long _step;

    private LlamaTrainer(LlamaModel model, SafeLlamaContextHandle context, Func<long, float> learningRate, float weightDecay, CpuThreadpool? threadpool)
    {
        _threadpool = threadpool;
        _model = model;
        _context = context;
        _learningRate = learningRate;
        _weightDecay = weightDecay;
        _self = GCHandle.Alloc(this);
        var filter = NativeLibrary.GetExport(NativeLibrary.Load(Path.Combine(NativeLibraryLoader.Directory!, NativeLibraryLoader.LlamaFileName)), "llama_opt_param_filter_all");
        NativeApi.llama_opt_init(context, model.Handle, new LlamaOptParams
        {
            n_ctx_train = (uint)ContextLength,
            param_filter = filter,
            get_opt_pars = (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, GgmlOptOptimizerParams>)&OptimizerParameters,
            get_opt_pars_ud = GCHandle.ToIntPtr(_self),
            optimizer_type = NativeApi.GgmlOptOptimizerAdamW,
        });
    }

    public LlamaModel Model => _model;
    public int ContextLength => _model.TrainingContext;
    /// <summary>Optimizer steps taken so far (each one a batch of tokens).</summary>
    public long Steps => Interlocked.Read(ref _step);

    /// <summary>Loads <paramref name="path"/> with writable weights and prepares the optimizer.</summary>
    /// <param name="tokensPerStep">
    /// Tokens per optimizer step, a divisor of the context (default: the whole context). Smaller steps see the rest
    /// of their window through the KV cache, as at inference, and give more updates per token.
    /// </param>
    public static LlamaTrainer Open(string path, int threads, Func<long, float> learningRate, float weightDecay = 0, int? tokensPerStep = null)
    {
        var model = LlamaModel.Load(path, gpuLayers: 0, writableWeights: true);
        if (model.TrainingContext % 256 != 0)
        {
            model.Dispose();
            // llama.cpp pads every context to a multiple of 256, and llama_opt_epoch needs context == training length.
            throw new LlamaException($"model '{path}' has a context length of {model.TrainingContext}; training needs a multiple of 256");
        }
        var p = NativeApi.llama_context_default_params();
        var step = tokensPerStep ?? model.TrainingContext;
        if (step <= 0 || model.TrainingContext % step != 0)
        {
            model.Dispose();
            throw new ArgumentOutOfRangeException(nameof(tokensPerStep), step, $"tokens per step must divide the context length {model.TrainingContext}");
        }
        p.n_ctx = (uint)model.TrainingContext;
        p.n_batch = p.n_ubatch = (uint)step; // n_batch / n_ubatch = 1: one optimizer step per batch, no accumulation
        p.n_seq_max = 1;
        p.n_threads = p.n_threads_batch = threads;
        p.type_k = p.type_v = 0; // F32: the backward pass has no F16 OUT_PROD
        p.no_perf = true;
        var context = NativeApi.llama_init_from_model(model.Handle, p);
        if (context.IsInvalid)
        {
            model.Dispose();
            throw new LlamaException($"llama.cpp could not create a training context for '{path}': {NativeLibraryLoader.RecentErrors()}");
        }
        var threadpool = CpuThreadpool.Create(threads);
        if (threadpool is not null) NativeApi.llama_attach_threadpool(context, threadpool.Handle, IntPtr.Zero);
        ConfigureCpuBackend(context);
        return new LlamaTrainer(model, context, learningRate, weightDecay, threadpool);
    }

    /// <summary>
    /// llama_opt_epoch computes through the backend scheduler directly and never hands the CPU backend
    /// the context's thread count or threadpool; one ordinary decode does, and the backend keeps them.
    /// </summary>
    private static void ConfigureCpuBackend(SafeLlamaContextHandle context)
    {
        using var batch = new SafeLlamaBatchHandle(1, 1);
        batch.Add(token: 0, position: 0, sequence: 0, wantLogits: true);
        NativeApi.llama_decode(context, batch.Value);
        NativeApi.llama_memory_clear(NativeApi.llama_get_memory(context), data: true);
    }

    /// <summary>
    /// One epoch: trains on the first (1 - <paramref name="validationFraction"/>) of <paramref name="windows"/>
    /// and evaluates on the rest. Every window has <see cref="ContextLength"/> + 1 tokens (inputs and shifted labels).
    /// </summary>
    public EpochLoss Epoch(IReadOnlyList<int[]> windows, double validationFraction)
    {
        if (windows.Count < 2) throw new ArgumentException("an epoch needs at least two windows", nameof(windows));
        var split = Math.Clamp((long)Math.Round(windows.Count * (1 - validationFraction)), 1, windows.Count);
        return Run(windows, split);
    }

    /// <summary>The mean loss on <paramref name="windows"/> without training (nats per token).</summary>
    public double Evaluate(IReadOnlyList<int[]> windows)
    {
        if (windows.Count < 1) throw new ArgumentException("evaluation needs at least one window", nameof(windows));
        return Run(windows, split: 0).Validation;
    }

    private EpochLoss Run(IReadOnlyList<int[]> windows, long split)
    {
        var n = ContextLength;
        var dataset = NativeApi.ggml_opt_dataset_init(NativeApi.GgmlTypeI32, NativeApi.GgmlTypeI32, n, n, windows.Count, 1);
        var train = NativeApi.ggml_opt_result_init();
        var eval = NativeApi.ggml_opt_result_init();
        try
        {
            var data = (int*)NativeApi.ggml_get_data(NativeApi.ggml_opt_dataset_data(dataset));
            var labels = (int*)NativeApi.ggml_get_data(NativeApi.ggml_opt_dataset_labels(dataset));
            for (var i = 0; i < windows.Count; i++)
            {
                var w = windows[i];
                if (w.Length != n + 1) throw new ArgumentException($"window {i} has {w.Length} tokens; every window needs {n + 1}", nameof(windows));
                w.AsSpan(0, n).CopyTo(new Span<int>(data + (long)i * n, n));
                w.AsSpan(1, n).CopyTo(new Span<int>(labels + (long)i * n, n));
            }
            NativeApi.llama_opt_epoch(_context, dataset, train, eval, split, IntPtr.Zero, IntPtr.Zero);
            return new EpochLoss(split > 0 ? Loss(train) : double.NaN, split < windows.Count ? Loss(eval) : double.NaN);
        }
        finally
        {
            NativeApi.ggml_opt_result_free(train);
            NativeApi.ggml_opt_result_free(eval);
            NativeApi.ggml_opt_dataset_free(dataset);
        }
    }

    /// <summary>
    /// The logits of the weights as trained so far, row-major [position][vocabulary], for <paramref name="tokens"/> at
    /// positions 0..n-1 (at most <see cref="ContextLength"/>). Runs in the training context, whose KV cache is cleared
    /// before and after (every epoch clears it too), so training goes on unaffected. Not concurrent with an epoch.
    /// </summary>
    public float[] Logits(IReadOnlyList<int> tokens)
    {
        if (tokens.Count > ContextLength)
            throw new ArgumentException($"{tokens.Count} tokens do not fit the training context of {ContextLength}", nameof(tokens));
        if (tokens.Count == 0) throw new ArgumentException("logits need at least one token", nameof(tokens));
        return LlamaLogits.Decode(_context, _model.VocabularySize, tokens);
    }

    /// <summary>Writes the trained weights (and the unchanged metadata and vocabulary) as a GGUF file.</summary>
    public void Save(string path)
    {
        NativeApi.llama_model_save_to_file(_model.Handle, path);
        // llama.cpp's saver leaves out the chat template; without it the engine would not render chats as trained.
        if (_model.ChatTemplate is { } template)
            GgufRewrite.AddMissingMetadata(path, new Dictionary<string, object> { ["tokenizer.chat_template"] = template });
    }

    private static double Loss(IntPtr result)
    {
        double loss, uncertainty;
        NativeApi.ggml_opt_result_loss(result, &loss, &uncertainty);
        return loss;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static GgmlOptOptimizerParams OptimizerParameters(IntPtr self)
    {
        var trainer = (LlamaTrainer)GCHandle.FromIntPtr(self).Target!;
        var p = NativeApi.ggml_opt_get_default_optimizer_params(IntPtr.Zero);
        var step = Interlocked.Increment(ref trainer._step) - 1;
        p.adamw.alpha = p.sgd.alpha = trainer._learningRate(step);
        p.adamw.wd = p.sgd.wd = trainer._weightDecay;
        return p;
    }

    public void Dispose()
    {
        _context.Dispose();
        _threadpool?.Dispose();
        _model.Dispose();
        if (_self.IsAllocated) _self.Free();
    }
}
