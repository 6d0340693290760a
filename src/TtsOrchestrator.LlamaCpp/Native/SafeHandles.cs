using System.Runtime.InteropServices;

namespace TtsOrchestrator.LlamaCpp.Native;

/// <summary>Base of the llama.cpp handles: invalid when null; <c>ReleaseHandle</c> only frees.</summary>
public abstract class SafeLlamaHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;
}

/// <summary>A loaded model (<c>llama_model*</c>).</summary>
public sealed class SafeLlamaModelHandle : SafeLlamaHandle
{
    protected override bool ReleaseHandle() { NativeApi.llama_model_free(handle); return true; }
}

/// <summary>An inference context (<c>llama_context*</c>) with its KV cache.</summary>
public sealed class SafeLlamaContextHandle : SafeLlamaHandle
{
    protected override bool ReleaseHandle() { NativeApi.llama_free(handle); return true; }
}

/// <summary>A sampler chain (<c>llama_sampler*</c>); freeing the chain frees the samplers added to it.</summary>
public sealed class SafeLlamaSamplerHandle : SafeLlamaHandle
{
    protected override bool ReleaseHandle() { NativeApi.llama_sampler_free(handle); return true; }
}

/// <summary>A token batch from <c>llama_batch_init</c> (arrays owned by llama.cpp).</summary>
public sealed unsafe class SafeLlamaBatchHandle : IDisposable
{
    private LlamaBatch _batch;
    private bool _disposed;

    public SafeLlamaBatchHandle(int capacity, int maxSequencesPerToken)
    {
        _batch = NativeApi.llama_batch_init(capacity, 0, maxSequencesPerToken);
        if (_batch.token == null) throw new OutOfMemoryException($"llama_batch_init failed for {capacity} tokens");
        Capacity = capacity;
    }

    public int Capacity { get; }
    public int Count => _batch.n_tokens;

    public void Clear() => _batch.n_tokens = 0;

    /// <summary>Appends one token of one sequence; <paramref name="wantLogits"/> asks for its output row.</summary>
    public int Add(int token, int position, int sequence, bool wantLogits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var i = _batch.n_tokens;
        if (i >= Capacity) throw new InvalidOperationException($"batch is full ({Capacity} tokens)");
        _batch.token[i] = token;
        _batch.pos[i] = position;
        _batch.n_seq_id[i] = 1;
        _batch.seq_id[i][0] = sequence;
        _batch.logits[i] = wantLogits ? (sbyte)1 : (sbyte)0;
        _batch.n_tokens = i + 1;
        return i;
    }

    public LlamaBatch Value => _disposed ? throw new ObjectDisposedException(nameof(SafeLlamaBatchHandle)) : _batch;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        NativeApi.llama_batch_free(_batch);
    }
}
