using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Native;

namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>
/// Continuous batching on one llama.cpp context, driven by one thread that owns it. Every step puts
/// one token of every generating sample, then prompt chunks, into a single llama_decode call; new
/// requests join between steps and finished samples leave. The N samples of a request prefill
/// their prompt once: one sample (the leader) decodes it, the others share its KV cells and draw
/// their first token from the same logits. Admission guarantees every sample fits its sequence's
/// cells; should llama.cpp still find no room, cached prefixes are evicted first, then the youngest
/// sample is restarted later (same seed, so the same output).
/// </summary>
internal sealed unsafe class BatchScheduler : IDisposable
{
    private readonly LlamaModel _model;
    private readonly SafeLlamaContextHandle _context;
    private readonly SafeLlamaBatchHandle _batch;
    private readonly KvSlots _slots;
    private readonly int _sequenceContext;
    private readonly ConcurrentQueue<GenerationJob> _incoming = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<GenerationJob> _waiting = [];
    private readonly List<SampleSequence> _active = [];
    private readonly Thread _thread;
    private readonly float[] _scratch;
    private readonly int _samplingParallelism;
    private volatile bool _stopping;
    private bool _admissionPaused;

    public BatchScheduler(LlamaModel model, SafeLlamaContextHandle context, int batchSize, int sequences, int decodeThreads)
    {
        // Cores the decode threads leave free draw tokens in parallel (most of a GPU host's cores).
        _samplingParallelism = Math.Max(1, Environment.ProcessorCount - decodeThreads);
        _model = model;
        _context = context;
        _sequenceContext = (int)NativeApi.llama_n_ctx_seq(context);
        _batch = new SafeLlamaBatchHandle(batchSize, 1);
        _slots = new KvSlots(context, sequences);
        _scratch = new float[model.VocabularySize];
        _thread = new Thread(Loop) { IsBackground = true, Name = "llama-scheduler" };
        _thread.Start();
    }

    /// <summary>Tokens passed to llama_decode so far (prompt and generated).</summary>
    public long DecodedTokens => Interlocked.Read(ref _decodedTokens);
    private long _decodedTokens;

    /// <summary>Time spent inside llama_decode; the rest of the scheduler's time is sampling and bookkeeping.</summary>
    public TimeSpan DecodeTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _decodeTicks));
    private long _decodeTicks;

    /// <summary>Largest number of sequences that shared one decode call.</summary>
    public int PeakSequencesPerBatch { get; private set; }

    public int ContextPerSequence => _sequenceContext;

    public void Submit(GenerationJob job)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        // max_tokens is a cap, not a promise: a completion that fills the context ends with finish reason Length.
        if (job.PromptTokens.Length + Math.Max(1, job.Request.MinTokens) > _sequenceContext)
            throw new LlamaException($"context too small: the prompt has {job.PromptTokens.Length} tokens (min_tokens {job.Request.MinTokens}), " +
                                     $"which leaves no room in the context of {_sequenceContext} tokens per sequence; " +
                                     "raise the context size (--context) or shorten the prompt");
        job.MaxTokens = Math.Min(job.Request.MaxTokens, _sequenceContext - job.PromptTokens.Length);
        _incoming.Enqueue(job);
        job.CancellationToken.Register(() => _wake.Release());
        _wake.Release();
    }

    private void Loop()
    {
        var outputs = new List<(SampleSequence Sample, int Output)>();
        while (!_stopping)
        {
            if (_active.Count == 0 && _waiting.Count == 0 && _incoming.IsEmpty) _wake.Wait();
            while (_incoming.TryDequeue(out var job)) _waiting.Add(job);
            try
            {
                DropCancelled();
                Admit();
                if (_active.Count == 0) continue;
                outputs.Clear();
                BuildBatch(outputs);
                var decodeStart = Stopwatch.GetTimestamp();
                var rc = NativeApi.llama_decode(_context, _batch.Value);
                Interlocked.Add(ref _decodeTicks, Stopwatch.GetTimestamp() - decodeStart);
                if (rc == 1) { MakeRoom(); continue; }
                if (rc != 0)
                    throw new LlamaException($"llama_decode failed with code {rc} for a batch of {_batch.Count} tokens " +
                                             $"in {_active.Count} sequences ({_sequenceContext} cells each): {NativeLibraryLoader.RecentErrors()}");
                Interlocked.Add(ref _decodedTokens, _batch.Count);
                PeakSequencesPerBatch = Math.Max(PeakSequencesPerBatch, _active.Count);
                CommitBatch();
                SampleOutputs(outputs);
            }
            catch (Exception e)
            {
                FailEverything(e);
            }
        }
        FailEverything(new ObjectDisposedException(nameof(LlamaGenerator), "the engine was disposed"));
    }

    /// <summary>Gives free sequences to waiting samples, oldest request first; a request's samples of one wave share one prefill.</summary>
    private void Admit()
    {
        if (_admissionPaused) return;
        foreach (var job in _waiting)
        {
            if (_slots.FreeCount == 0) break;
            var leader = new SampleSequence(job, job.NextSampleIndex);
            job.Unadmitted--;
            var cached = _slots.Acquire(leader, job.PromptTokens);
            leader.PrefillFrom = cached;
            job.PromptTokensEvaluated += job.PromptTokens.Length - cached;
            _active.Add(leader);
            while (job.Unadmitted > 0 && _slots.FreeCount > 0)
            {
                var follower = new SampleSequence(job, job.NextSampleIndex);
                job.Unadmitted--;
                _slots.Reserve(follower);
                leader.Followers.Add(follower);
            }
        }
        _waiting.RemoveAll(j => j.Unadmitted == 0 || j.IsDone);
    }

    private void BuildBatch(List<(SampleSequence, int)> outputs)
    {
        _batch.Clear();
        foreach (var s in _active.Where(s => s.PrefillFrom is null))
            outputs.Add((s, _batch.Add(s.PendingToken, _slots.Length(s.Slot), s.Slot, wantLogits: true)));
        foreach (var s in _active.Where(s => s.PrefillFrom is not null))
        {
            var prompt = s.Job.PromptTokens;
            var from = s.PrefillFrom!.Value;
            var take = Math.Min(prompt.Length - from, _batch.Capacity - _batch.Count);
            for (var i = from; i < from + take; i++)
            {
                var last = i == prompt.Length - 1;
                var index = _batch.Add(prompt[i], i, s.Slot, wantLogits: last);
                if (last)
                {
                    outputs.Add((s, index));
                    outputs.AddRange(s.Followers.Select(f => (f, index)));
                }
            }
            if (_batch.Count == _batch.Capacity) break;
        }
    }

    /// <summary>Records what entered the cache, ends prefills, and lets followers share the leaders' prompt cells.</summary>
    private void CommitBatch()
    {
        var b = _batch.Value;
        for (var i = 0; i < b.n_tokens; i++) _slots.Append(b.seq_id[i][0], b.token[i]);
        foreach (var s in _active.ToList())
        {
            if (s.PrefillFrom is null) continue;
            var now = _slots.Length(s.Slot);
            if (now < s.Job.PromptTokens.Length) { s.PrefillFrom = now; continue; }
            s.PrefillFrom = null;
            foreach (var f in s.Followers)
            {
                _slots.ShareFrom(s, f);
                _active.Add(f);
            }
            s.Followers.Clear();
        }
    }

    /// <summary>
    /// Draws every sample's next token. The draws are independent (own chain, own buffer, shared
    /// read-only logits), so they run in parallel on cores the decode threads leave free — on a GPU
    /// host that is most of the step. Text decoding and bookkeeping stay on this thread.
    /// </summary>
    private void SampleOutputs(List<(SampleSequence Sample, int Output)> outputs)
    {
        var vocabulary = _model.VocabularySize;
        var rows = outputs.Select(o => o.Output).Distinct().ToDictionary(i => i, i => (IntPtr)NativeApi.llama_get_logits_ith(_context, i));
        var tokens = new int[outputs.Count];
        Parallel.For(0, outputs.Count, new ParallelOptions { MaxDegreeOfParallelism = _samplingParallelism }, i =>
            tokens[i] = outputs[i].Sample.Draw((float*)rows[outputs[i].Output], vocabulary, _model.EndOfGenerationTokens));
        // Log-probs are of the model's own distribution (no temperature, no masking): one normaliser per row.
        var logSumExp = rows.ToDictionary(r => r.Key, r => LogSumExp(new ReadOnlySpan<float>((float*)r.Value, vocabulary)));
        // KL(uniform ‖ p) = -log V - mean(log p) = LSE - mean(logits) - log V: one sum per row, only when asked.
        var certainty = outputs.Any(o => o.Sample.Job.Request.SelfCertainty)
            ? outputs.Where(o => o.Sample.Job.Request.SelfCertainty).Select(o => o.Output).Distinct().ToDictionary(i => i,
                i => logSumExp[i] - TensorPrimitives.Sum(new ReadOnlySpan<float>((float*)rows[i], vocabulary)) / vocabulary - Math.Log(vocabulary))
            : null;
        for (var i = 0; i < outputs.Count; i++)
        {
            var (sample, output) = outputs[i];
            var row = new ReadOnlySpan<float>((float*)rows[output], vocabulary);
            var logProb = row[tokens[i]] - logSumExp[output];
            var top = sample.Job.Request.TopLogProbs > 0 ? TopLogProbs(row, sample.Job.Request.TopLogProbs, logSumExp[output]) : null;
            if (sample.Accept(_model, tokens[i], logProb, top, certainty is not null && certainty.TryGetValue(output, out var kl) ? kl : null)) Finish(sample);
        }
    }

    /// <summary>The <paramref name="k"/> most likely tokens of a logits row, most likely first (one pass, insertion into a short list).</summary>
    private TokenLogProb[] TopLogProbs(ReadOnlySpan<float> row, int k, double logSumExp)
    {
        var best = new List<int>(k + 1);
        for (var t = 0; t < row.Length; t++)
        {
            if (best.Count == k && row[t] <= row[best[^1]]) continue;
            var at = best.Count;
            while (at > 0 && row[best[at - 1]] < row[t]) at--;
            best.Insert(at, t);
            if (best.Count > k) best.RemoveAt(k);
        }
        var top = new TokenLogProb[best.Count];
        Span<byte> piece = stackalloc byte[256];
        for (var i = 0; i < top.Length; i++)
            top[i] = new TokenLogProb(Encoding.UTF8.GetString(piece[.._model.TokenBytes(best[i], piece)]), row[best[i]] - logSumExp);
        return top;
    }

    /// <summary>log Σ exp(x), computed stably and vectorised: one pass for the max, one for the sum.</summary>
    private double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, _scratch);
        TensorPrimitives.Exp(_scratch, _scratch);
        return max + Math.Log(TensorPrimitives.Sum<float>(_scratch));
    }

    private void Finish(SampleSequence sample)
    {
        _active.Remove(sample);
        _slots.Release(sample);
        sample.Dispose();
        sample.Job.Finished(sample);
        _admissionPaused = false;
    }

    /// <summary>KV cache full: drop a cached prefix, else restart the youngest sample later (it keeps its seed).</summary>
    private void MakeRoom()
    {
        if (_slots.EvictOne()) return;
        var victim = _active.Where(s => s.PrefillFrom is null).MinBy(s => s.Generated) ?? _active[^1];
        if (_active.Count == 1)
        {
            // Nothing else to make room from: the sample alone fills the context.
            victim.Abort();
            Finish(victim);
            return;
        }
        foreach (var s in victim.Followers.Append(victim))
        {
            _slots.Reset(s);
            s.Dispose();
            s.Job.Unadmitted++;
        }
        victim.Followers.Clear();
        _active.Remove(victim);
        if (!_waiting.Contains(victim.Job)) _waiting.Insert(0, victim.Job);
        _admissionPaused = true;
    }

    private void DropCancelled()
    {
        foreach (var s in _active.Where(s => s.Job.CancellationToken.IsCancellationRequested).ToList())
        {
            foreach (var f in s.Followers) { _slots.Release(f); f.Dispose(); }
            _active.Remove(s);
            _slots.Release(s);
            s.Dispose();
            s.Job.Completion.TrySetCanceled(s.Job.CancellationToken);
        }
        foreach (var job in _waiting.Where(j => j.CancellationToken.IsCancellationRequested))
            job.Completion.TrySetCanceled(job.CancellationToken);
        _waiting.RemoveAll(j => j.IsDone);
    }

    private void FailEverything(Exception error)
    {
        foreach (var s in _active)
        {
            foreach (var f in s.Followers) f.Dispose();
            s.Dispose();
            s.Job.Completion.TrySetException(error);
        }
        _active.Clear();
        foreach (var job in _waiting.Concat(_incoming)) job.Completion.TrySetException(error);
        _waiting.Clear();
        _incoming.Clear();
        NativeApi.llama_memory_clear(NativeApi.llama_get_memory(_context), data: false);
        _slots.Forget();
    }

    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        _wake.Release();
        _thread.Join();
        _batch.Dispose();
        _wake.Dispose();
    }
}
