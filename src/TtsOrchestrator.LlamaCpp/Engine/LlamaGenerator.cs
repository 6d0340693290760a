using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Native;

namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>
/// The in-process llama.cpp engine as an <see cref="IGenerator"/>. Thread-safe: concurrent calls are
/// merged into shared decode batches by one scheduler thread; the N samples of a call share one
/// prompt prefill; a prompt that extends a prefix still in the KV cache decodes only its new tokens.
/// </summary>
public sealed class LlamaGenerator : IGenerator, IDisposable
{
    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly CpuThreadpool? _threadpool;
    private readonly BatchScheduler _scheduler;
    private volatile bool _disposed;

    private LlamaGenerator(LlamaModel model, SafeLlamaContextHandle context, LlamaEngineOptions options)
    {
        _model = model;
        _context = context;
        _threadpool = CpuThreadpool.Create(options.Threads);
        if (_threadpool is not null) NativeApi.llama_attach_threadpool(context, _threadpool.Handle, IntPtr.Zero);
        Options = options;
        _scheduler = new BatchScheduler(model, context, options.BatchSize, options.MaxParallelSequences, options.Threads);
        Info = new GeneratorInfo(Path.GetFileName(model.Path), model.ParameterCount);
    }

    /// <summary>The context per sequence when none is asked for: the training context, within 1024..2048.</summary>
    public static int DefaultContextPerSequence(int trainingContext) => Math.Min(2048, Math.Max(1024, trainingContext));

    /// <summary>Loads the model and starts the scheduler; every failure is one <see cref="LlamaException"/>.</summary>
    public static LlamaGenerator Start(LlamaEngineOptions options)
    {
        options.Validate();
        var model = LlamaModel.Load(options.ModelPath, options.GpuLayers);
        try
        {
            // At least 1024 even for a small-context model (the embedded one is trained at 512): a GSM8K prompt in its
            // one-token-per-character vocabulary is ~600 tokens, and refusing it is worse than reading it past 512.
            var perSequence = options.ContextPerSequence ?? DefaultContextPerSequence(model.TrainingContext);
            var p = NativeApi.llama_context_default_params();
            p.n_ctx = (uint)(perSequence * options.MaxParallelSequences);
            p.n_batch = p.n_ubatch = (uint)options.BatchSize;
            p.n_seq_max = (uint)options.MaxParallelSequences;
            p.n_threads = p.n_threads_batch = options.Threads;
            p.kv_unified = options.UnifiedKvCache;
            p.no_perf = true;
            NativeLibraryLoader.ClearRecentErrors();
            var context = NativeApi.llama_init_from_model(model.Handle, p);
            if (context.IsInvalid)
                throw new LlamaException($"llama.cpp could not create a context of {perSequence} tokens x {options.MaxParallelSequences} sequences " +
                                         $"for '{options.ModelPath}': {NativeLibraryLoader.RecentErrors()}; try a smaller context or fewer parallel sequences");
            return new LlamaGenerator(model, context, options);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public GeneratorInfo Info { get; }
    public LlamaEngineOptions Options { get; }
    /// <summary>Whether all sequences share one KV stream (see <see cref="LlamaEngineOptions.UnifiedKvCache"/>).</summary>
    public bool UnifiedKvCache => Options.UnifiedKvCache;
    public LlamaModel Model => _model;
    /// <summary>KV cells per sequence (rounded by llama.cpp).</summary>
    public int ContextPerSequence => _scheduler.ContextPerSequence;
    /// <summary>Tokens passed to llama_decode since start.</summary>
    public long DecodedTokens => _scheduler.DecodedTokens;
    public int PeakSequencesPerBatch => _scheduler.PeakSequencesPerBatch;
    /// <summary>Time inside llama_decode since start; the rest of the scheduler's time is sampling and bookkeeping.</summary>
    public TimeSpan DecodeTime => _scheduler.DecodeTime;

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        request.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var job = new GenerationJob(request, PromptTokens(request.Prompt), cancellationToken);
        _scheduler.Submit(job);
        return job.Completion.Task;
    }

    /// <summary>The prompt as the model sees it, tokenized; one BOS even when the template writes its own.</summary>
    public int[] PromptTokens(Prompt prompt)
    {
        var tokens = _model.Tokenize(PromptRenderer.Render(_model, prompt), addBos: _model.AddsBos);
        return tokens.Length >= 2 && _model.AddsBos && tokens[0] == tokens[1] ? tokens[1..] : tokens;
    }

    /// <summary>The text a prompt renders to (chat template applied), for traces and tests.</summary>
    public string RenderPrompt(Prompt prompt) => PromptRenderer.Render(_model, prompt);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _scheduler.Dispose();
        _context.Dispose();
        _threadpool?.Dispose();
        _model.Dispose();
    }
}
