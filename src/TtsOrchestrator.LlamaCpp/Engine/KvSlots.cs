using TtsOrchestrator.LlamaCpp.Native;

namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>
/// The KV-cache sequences of a context (one stream each) and what each holds. A sequence keeps its
/// tokens after its sample finishes, so a later prompt that extends them (a tree-search child, the next round of the
/// same problem) decodes only its new tokens. Tokens are recorded exactly as they enter the cache.
/// </summary>
internal sealed class KvSlots
{
    private readonly IntPtr _memory;
    private readonly Slot[] _slots;
    private long _clock;

    private sealed class Slot(int id)
    {
        public int Id { get; } = id;
        public List<int> Tokens { get; } = [];
        public SampleSequence? Owner { get; set; }
        public long LastUsed { get; set; }
    }

    public KvSlots(SafeLlamaContextHandle context, int count)
    {
        _memory = NativeApi.llama_get_memory(context);
        _slots = Enumerable.Range(0, count).Select(i => new Slot(i)).ToArray();
    }

    public int FreeCount => _slots.Count(s => s.Owner is null);

    /// <summary>Tokens currently in the cache for sequence <paramref name="slot"/> (its next position).</summary>
    public int Length(int slot) => _slots[slot].Tokens.Count;

    /// <summary>Notes that <paramref name="token"/> enters the cache at the end of <paramref name="slot"/>.</summary>
    public void Append(int slot, int token) => _slots[slot].Tokens.Add(token);

    /// <summary>
    /// Gives <paramref name="sample"/> a free sequence holding the longest cached prefix of
    /// <paramref name="prompt"/> that can be had (in place, or copied from any sequence), at most all
    /// but the last prompt token, whose logits are needed. Returns how many prompt tokens are already cached.
    /// </summary>
    public int Acquire(SampleSequence sample, int[] prompt)
    {
        var limit = prompt.Length - 1;
        Slot? source = null;
        var best = 0;
        foreach (var s in _slots)
        {
            var lcp = CommonPrefix(s.Tokens, prompt, limit);
            if (lcp > best || (lcp == best && source is not null && s.Owner is null && source.Owner is not null)) (source, best) = (s, lcp);
        }
        // Reuse the source in place when it is free; otherwise take the free sequence least worth keeping.
        var target = source is { Owner: null } && best > 0 ? source : LeastValuableFree();
        if (target != source || best == 0)
        {
            Truncate(target, 0);
            if (source is not null && best > 0)
            {
                // Streams copy whole; the tail past the shared prefix is dropped right after.
                NativeApi.llama_memory_seq_cp(_memory, source.Id, target.Id, -1, -1);
                NativeApi.llama_memory_seq_rm(_memory, target.Id, best, -1);
                target.Tokens.AddRange(source.Tokens.Take(best));
            }
        }
        else
        {
            Truncate(target, best);
        }
        target.Owner = sample;
        target.LastUsed = ++_clock;
        sample.Slot = target.Id;
        return best;
    }

    /// <summary>Gives <paramref name="follower"/> an empty free sequence, to be filled by <see cref="ShareFrom"/>.</summary>
    public void Reserve(SampleSequence follower)
    {
        var target = LeastValuableFree();
        Truncate(target, 0);
        target.Owner = follower;
        target.LastUsed = ++_clock;
        follower.Slot = target.Id;
    }

    /// <summary>Copies the leader's just-prefilled prompt into the follower's sequence (in memory, at the next decode).</summary>
    public void ShareFrom(SampleSequence leader, SampleSequence follower)
    {
        NativeApi.llama_memory_seq_cp(_memory, leader.Slot, follower.Slot, -1, -1);
        _slots[follower.Slot].Tokens.AddRange(_slots[leader.Slot].Tokens);
    }

    /// <summary>Frees a sample's sequence; its cached tokens stay for prefix reuse.</summary>
    public void Release(SampleSequence sample)
    {
        var slot = _slots[sample.Slot];
        slot.Owner = null;
        slot.LastUsed = ++_clock;
    }

    /// <summary>Drops the cache of the least recently used free sequence; false when none holds anything.</summary>
    public bool EvictOne()
    {
        var victim = _slots.Where(s => s.Owner is null && s.Tokens.Count > 0).MinBy(s => s.LastUsed);
        if (victim is null) return false;
        Truncate(victim, 0);
        return true;
    }

    /// <summary>Drops the cache of a sequence whose sample is being restarted.</summary>
    public void Reset(SampleSequence sample)
    {
        Truncate(_slots[sample.Slot], 0);
        Release(sample);
    }

    /// <summary>Forgets every sequence's contents after the cache was cleared.</summary>
    public void Forget()
    {
        foreach (var s in _slots) { s.Tokens.Clear(); s.Owner = null; }
    }

    /// <summary>An empty free sequence if there is one, else the least recently used free one.</summary>
    private Slot LeastValuableFree() =>
        _slots.Where(s => s.Owner is null).MinBy(s => (s.Tokens.Count > 0 ? 1 : 0, s.LastUsed))
        ?? throw new InvalidOperationException("no free sequence");

    private void Truncate(Slot slot, int length)
    {
        if (slot.Tokens.Count <= length) return;
        NativeApi.llama_memory_seq_rm(_memory, slot.Id, length, -1);
        slot.Tokens.RemoveRange(length, slot.Tokens.Count - length);
    }

    private static int CommonPrefix(List<int> cached, int[] prompt, int limit)
    {
        var n = Math.Min(Math.Min(cached.Count, prompt.Length), limit);
        var i = 0;
        while (i < n && cached[i] == prompt[i]) i++;
        return i;
    }
}
