using System.Diagnostics;
using System.Text;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Native;

namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>
/// One completion being generated: its own seeded sampler chain, the text so far (decoded
/// incrementally, so UTF-8 split across tokens is handled), stop-string and token-limit checks,
/// and the log-probability of every sampled token.
/// </summary>
internal sealed class SampleSequence : IDisposable
{
    private readonly StringBuilder _text = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private readonly List<double> _logProbs = [];
    private readonly List<double> _certainties = [];
    private readonly List<TokenLogProb>? _tokenLogProbs;
    private readonly int _longestStop;
    private readonly byte[] _piece = new byte[256];
    private readonly char[] _chars = new char[512];

    public SampleSequence(GenerationJob job, int index)
    {
        Job = job;
        Index = index;
        Sampler = CreateSampler(job.Request.Sampling, index);
        _longestStop = job.Request.Stop.Count == 0 ? 0 : job.Request.Stop.Max(s => s.Length);
        _tokenLogProbs = job.Request.TokenLogProbs ? [] : null;
    }

    public GenerationJob Job { get; }
    public int Index { get; }
    public SafeLlamaSamplerHandle Sampler { get; }
    /// <summary>The KV sequence (slot) this sample decodes in, once admitted.</summary>
    public int Slot { get; set; } = -1;
    /// <summary>Next prompt position to decode while this sample prefills its prompt; null once it generates.</summary>
    public int? PrefillFrom { get; set; }
    /// <summary>Samples of the same request waiting to share this sample's prompt cells once it is prefilled.</summary>
    public List<SampleSequence> Followers { get; } = [];
    /// <summary>The last sampled token, decoded in the next step.</summary>
    public int PendingToken { get; set; }
    public int Generated { get; private set; }
    public FinishReason? Finish { get; private set; }
    public TimeSpan Latency { get; private set; }

    /// <summary>
    /// Draws the next token from <paramref name="logits"/> (the model's output row, shared with other
    /// samples and never written) with this sample's own chain, on this sample's own candidate buffer,
    /// so samples can draw in parallel. End-of-generation is masked until min_tokens is reached.
    /// </summary>
    public unsafe int Draw(float* logits, int vocabulary, IReadOnlyList<int> endOfGeneration)
    {
        _candidates ??= GC.AllocateUninitializedArray<LlamaTokenData>(vocabulary, pinned: true);
        var masked = Generated < Job.Request.MinTokens;
        fixed (LlamaTokenData* data = _candidates)
        {
            for (var t = 0; t < vocabulary; t++) data[t] = new LlamaTokenData { id = t, logit = logits[t] };
            if (masked) foreach (var t in endOfGeneration) data[t].logit = float.NegativeInfinity;
            var array = new LlamaTokenDataArray { data = data, size = (nuint)vocabulary, selected = -1 };
            NativeApi.llama_sampler_apply(Sampler, &array);
            var token = data[array.selected].id;
            NativeApi.llama_sampler_accept(Sampler, token);
            return token;
        }
    }

    private LlamaTokenData[]? _candidates;

    /// <summary>Takes a sampled token; returns true when the completion is finished.</summary>
    public bool Accept(LlamaModel model, int token, double logProb, IReadOnlyList<TokenLogProb>? topAlternatives = null, double? selfCertainty = null)
    {
        Generated++;
        _logProbs.Add(logProb);
        if (selfCertainty is { } kl) _certainties.Add(kl);
        if (model.IsEndOfGeneration(token)) return Complete(FinishReason.EndOfText);

        var bytes = model.TokenBytes(token, _piece);
        var charCount = _utf8.GetChars(_piece, 0, bytes, _chars, 0, flush: false);
        _text.Append(_chars, 0, charCount);
        _tokenLogProbs?.Add(new TokenLogProb(Encoding.UTF8.GetString(_piece, 0, bytes), logProb, topAlternatives));

        if (_longestStop > 0 && charCount > 0 && CutAtStopString(charCount)) return Complete(FinishReason.StopString);
        if (Generated >= Job.MaxTokens) return Complete(FinishReason.Length);
        PendingToken = token;
        return false;
    }

    /// <summary>Ends the sample early (context full, cancelled).</summary>
    public void Abort() => Complete(FinishReason.Aborted);

    public Completion ToCompletion() => new()
    {
        Index = Index,
        Text = _text.ToString(),
        FinishReason = Finish ?? FinishReason.Aborted,
        PromptTokens = Job.PromptTokens.Length,
        GeneratedTokens = Generated,
        MeanLogProb = _logProbs.Count > 0 ? _logProbs.Average() : null,
        SelfCertainty = _certainties.Count > 0 ? _certainties.Average() : null,
        TokenLogProbs = _tokenLogProbs,
        Latency = Latency,
    };

    private bool CutAtStopString(int newChars)
    {
        // Only a stop string that ends inside the new characters can be new.
        var from = Math.Max(0, _text.Length - newChars - _longestStop + 1);
        var tail = _text.ToString(from, _text.Length - from);
        var cut = -1;
        foreach (var stop in Job.Request.Stop)
        {
            var at = tail.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (cut < 0 || at < cut)) cut = at;
        }
        if (cut < 0) return false;
        _text.Length = from + cut;
        return true;
    }

    private bool Complete(FinishReason reason)
    {
        Finish ??= reason;
        Latency = Stopwatch.GetElapsedTime(Job.StartedAt);
        return true;
    }

    private static SafeLlamaSamplerHandle CreateSampler(SamplingOptions s, int index)
    {
        var chain = NativeApi.llama_sampler_chain_init(new LlamaSamplerChainParams { no_perf = true });
        if (s.IsGreedy)
        {
            NativeApi.llama_sampler_chain_add(chain, NativeApi.llama_sampler_init_greedy());
            return chain;
        }
        if (s.TopK > 0) NativeApi.llama_sampler_chain_add(chain, NativeApi.llama_sampler_init_top_k(s.TopK));
        if (s.TopP < 1) NativeApi.llama_sampler_chain_add(chain, NativeApi.llama_sampler_init_top_p((float)s.TopP, 1));
        if (s.MinP > 0) NativeApi.llama_sampler_chain_add(chain, NativeApi.llama_sampler_init_min_p((float)s.MinP, 1));
        NativeApi.llama_sampler_chain_add(chain, NativeApi.llama_sampler_init_temp((float)s.Temperature));
        // Sample i of a request draws from its own stream; 0xFFFFFFFF would mean "random seed" to llama.cpp.
        var seed = (uint)(Seeds.Derive(s.Seed, index) % 0xFFFFFFFFUL);
        NativeApi.llama_sampler_chain_add(chain, NativeApi.llama_sampler_init_dist(seed));
        return chain;
    }

    public void Dispose() => Sampler.Dispose();
}
