using System.Numerics.Tensors;
using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer.Managed;

/// <summary>
/// The llama architecture's forward pass in managed code, exactly as llama.cpp computes it for the project's GGUF
/// files (RMSNorm, RoPE in llama.cpp's "normal" mode — adjacent pairs —, grouped-query attention, SwiGLU, untied
/// output). The first piece of the managed trainer the issue names as fallback: its parity test holds it to
/// llama.cpp's logits, so the conventions (tensor layouts, rotation, epsilon) are settled before a backward pass
/// is written against it. Weights are row-major [out][in], which is GGUF's ne0 = in.
/// </summary>
public sealed class ManagedLlama
{
    private readonly LlamaModelSpec _spec;
    private readonly Dictionary<string, float[]> _weights;

    private ManagedLlama(LlamaModelSpec spec, Dictionary<string, float[]> weights) => (_spec, _weights) = (spec, weights);

    /// <summary>Reads every tensor of an F32 or F16 GGUF written for <paramref name="spec"/>.</summary>
    public static ManagedLlama Load(string path, LlamaModelSpec spec)
    {
        using var reader = GgufReader.Open(path);
        return new ManagedLlama(spec, reader.Tensors.ToDictionary(t => t.Name, t => reader.ReadTensor(t.Name)));
    }

    /// <summary>Next-token logits at every position, row-major [position][vocabulary].</summary>
    public float[] Forward(IReadOnlyList<int> tokens)
    {
        int n = tokens.Count, d = _spec.EmbeddingDim, v = _spec.VocabSize;
        var x = new float[n * d];
        var embeddings = _weights["token_embd.weight"];
        for (var t = 0; t < n; t++) embeddings.AsSpan(tokens[t] * d, d).CopyTo(x.AsSpan(t * d, d));

        for (var layer = 0; layer < _spec.Layers; layer++)
        {
            var h = RmsNorm(x, n, _weights[$"blk.{layer}.attn_norm.weight"]);
            AddInto(x, Attention(h, n, layer));
            var h2 = RmsNorm(x, n, _weights[$"blk.{layer}.ffn_norm.weight"]);
            AddInto(x, FeedForward(h2, n, layer));
        }
        return MatMul(RmsNorm(x, n, _weights["output_norm.weight"]), n, d, _weights["output.weight"], v);
    }

    private float[] Attention(float[] h, int n, int layer)
    {
        int d = _spec.EmbeddingDim, kvDim = _spec.KvEmbeddingDim, hd = _spec.HeadDim, heads = _spec.Heads, group = _spec.Heads / _spec.KvHeads;
        var q = MatMul(h, n, d, _weights[$"blk.{layer}.attn_q.weight"], d);
        var k = MatMul(h, n, d, _weights[$"blk.{layer}.attn_k.weight"], kvDim);
        var value = MatMul(h, n, d, _weights[$"blk.{layer}.attn_v.weight"], kvDim);
        Rope(q, n, heads);
        Rope(k, n, _spec.KvHeads);

        var mixed = new float[n * d];
        var scores = new float[n];
        var scale = 1 / MathF.Sqrt(hd);
        for (var head = 0; head < heads; head++)
        {
            var kvHead = head / group; // llama.cpp broadcasts K/V head j to query heads j*group .. j*group+group-1
            for (var t = 0; t < n; t++)
            {
                var qt = q.AsSpan(t * d + head * hd, hd);
                for (var s = 0; s <= t; s++) scores[s] = scale * TensorPrimitives.Dot(qt, k.AsSpan(s * kvDim + kvHead * hd, hd));
                TensorPrimitives.SoftMax(scores.AsSpan(0, t + 1), scores.AsSpan(0, t + 1));
                var output = mixed.AsSpan(t * d + head * hd, hd);
                for (var s = 0; s <= t; s++)
                    TensorPrimitives.MultiplyAdd(value.AsSpan(s * kvDim + kvHead * hd, hd), scores[s], output, output);
            }
        }
        return MatMul(mixed, n, d, _weights[$"blk.{layer}.attn_output.weight"], d);
    }

    private float[] FeedForward(float[] h, int n, int layer)
    {
        int d = _spec.EmbeddingDim, ff = _spec.FeedForwardDim;
        var gate = MatMul(h, n, d, _weights[$"blk.{layer}.ffn_gate.weight"], ff);
        var up = MatMul(h, n, d, _weights[$"blk.{layer}.ffn_up.weight"], ff);
        for (var i = 0; i < gate.Length; i++) gate[i] = gate[i] / (1 + MathF.Exp(-gate[i])) * up[i]; // SiLU(gate) * up
        return MatMul(gate, n, ff, _weights[$"blk.{layer}.ffn_down.weight"], d);
    }

    /// <summary>RoPE, llama.cpp's normal mode: pair (2i, 2i+1) of each head turns by position · base^(-2i / head_dim).</summary>
    private void Rope(float[] values, int n, int heads)
    {
        int hd = _spec.HeadDim, width = heads * hd;
        for (var t = 0; t < n; t++)
            for (var head = 0; head < heads; head++)
                for (var i = 0; i < hd / 2; i++)
                {
                    var angle = t * Math.Pow(_spec.RopeFreqBase, -2.0 * i / hd);
                    var (cos, sin) = ((float)Math.Cos(angle), (float)Math.Sin(angle));
                    var at = t * width + head * hd + 2 * i;
                    var (a, b) = (values[at], values[at + 1]);
                    values[at] = a * cos - b * sin;
                    values[at + 1] = a * sin + b * cos;
                }
    }

    private float[] RmsNorm(float[] x, int n, float[] weight)
    {
        var d = _spec.EmbeddingDim;
        var result = new float[x.Length];
        for (var t = 0; t < n; t++)
        {
            var row = x.AsSpan(t * d, d);
            var scale = 1 / MathF.Sqrt(TensorPrimitives.SumOfSquares(row) / d + _spec.RmsEpsilon);
            TensorPrimitives.Multiply(row, scale, result.AsSpan(t * d, d));
            TensorPrimitives.Multiply(result.AsSpan(t * d, d), weight, result.AsSpan(t * d, d));
        }
        return result;
    }

    /// <summary>y[t] = W x[t] for W stored [outputs][inputs].</summary>
    private static float[] MatMul(float[] x, int n, int inputs, float[] w, int outputs)
    {
        var y = new float[n * outputs];
        Parallel.For(0, n, t =>
        {
            var row = x.AsSpan(t * inputs, inputs);
            for (var o = 0; o < outputs; o++) y[t * outputs + o] = TensorPrimitives.Dot(row, w.AsSpan(o * inputs, inputs));
        });
        return y;
    }

    private static void AddInto(float[] x, float[] delta) => TensorPrimitives.Add(x, delta, x);
}
