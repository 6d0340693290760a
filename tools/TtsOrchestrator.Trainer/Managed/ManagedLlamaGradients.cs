using System.Numerics.Tensors;
using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer.Managed;

/// <summary>
/// Loss and gradients of <see cref="ManagedLlama"/>'s forward pass for one window (next-token cross-entropy, mean
/// over positions): the backward pass of every tensor, embeddings, K and V included (what llama.cpp's training
/// leaves frozen). Checked against finite differences. Matrix products go through <see cref="Gemm"/>; attention stays plain loops over spans.
/// </summary>
public static class ManagedLlamaGradients
{
    /// <summary>Next-token logits at every position of <paramref name="tokens"/>, row-major [position][vocabulary].</summary>
    public static float[] Logits(IReadOnlyDictionary<string, float[]> w, LlamaModelSpec spec, IReadOnlyList<int> tokens) =>
        Forward(w, spec, tokens, tokens.Count).Logits;

    /// <summary>
    /// Weighted mean cross-entropy of predicting window[t+1] from window[..t], target t weighing
    /// <paramref name="targetWeights"/>[t] (0 = not trained; all 1 when null); adds the gradients into
    /// <paramref name="gradients"/> when given.
    /// </summary>
    public static double Loss(IReadOnlyDictionary<string, float[]> w, LlamaModelSpec spec, IReadOnlyList<int> window, IDictionary<string, float[]>? gradients, float[]? targetWeights = null)
    {
        int n = window.Count - 1, d = spec.EmbeddingDim, v = spec.VocabSize;
        var total = targetWeights?.Sum() ?? n;
        if (total <= 0) return 0;
        var (layers, x, final, finalScale, logits) = Forward(w, spec, window, n);

        double loss = 0;
        var dLogits = new float[n * v];
        for (var t = 0; t < n; t++)
        {
            var weight = targetWeights?[t] ?? 1f;
            if (weight == 0) continue; // its row of dLogits stays zero
            var row = logits.AsSpan(t * v, v);
            var dRow = dLogits.AsSpan(t * v, v);
            StableSoftMax(row, dRow);
            loss -= weight * Math.Log(Math.Max(dRow[window[t + 1]], 1e-30f));
            dRow[window[t + 1]] -= 1;
            TensorPrimitives.Multiply(dRow, weight / total, dRow);
        }
        if (gradients is null) return loss / total;

        var dFinal = MatMulBackward(dLogits, final, n, d, w["output.weight"], v, gradients["output.weight"]);
        var dx = RmsNormBackward(dFinal, x, finalScale, n, d, w["output_norm.weight"], gradients["output_norm.weight"]);
        for (var l = spec.Layers - 1; l >= 0; l--) dx = BackwardLayer(w, spec, l, layers[l], dx, n, gradients);
        var dEmbeddings = gradients["token_embd.weight"];
        for (var t = 0; t < n; t++) TensorPrimitives.Add(dEmbeddings.AsSpan(window[t] * d, d), dx.AsSpan(t * d, d), dEmbeddings.AsSpan(window[t] * d, d));
        return loss / total;
    }

    /// <summary>The forward pass over the first <paramref name="n"/> tokens, keeping what the backward pass needs.</summary>
    private static (LayerTape[] Layers, float[] Residual, float[] Final, float[] FinalScale, float[] Logits) Forward(
        IReadOnlyDictionary<string, float[]> w, LlamaModelSpec spec, IReadOnlyList<int> tokens, int n)
    {
        int d = spec.EmbeddingDim;
        var x = new float[n * d];
        for (var t = 0; t < n; t++) w["token_embd.weight"].AsSpan(tokens[t] * d, d).CopyTo(x.AsSpan(t * d, d));
        var layers = new LayerTape[spec.Layers];
        for (var l = 0; l < spec.Layers; l++) (layers[l], x) = ForwardLayer(w, spec, l, x, n);
        var (final, finalScale) = RmsNorm(x, n, d, w["output_norm.weight"], spec.RmsEpsilon);
        return (layers, x, final, finalScale, MatMul(final, n, d, w["output.weight"], spec.VocabSize));
    }

    /// <summary>What a layer's backward pass needs from its forward pass.</summary>
    private sealed record LayerTape(
        float[] Input, float[] AttnNormed, float[] AttnScale, float[] Q, float[] K, float[] V, float[][] Probabilities, float[] Mixed,
        float[] Middle, float[] FfnNormed, float[] FfnScale, float[] Gate, float[] Up, float[] Activation);

    private static (LayerTape, float[]) ForwardLayer(IReadOnlyDictionary<string, float[]> w, LlamaModelSpec spec, int l, float[] x, int n)
    {
        int d = spec.EmbeddingDim, kv = spec.KvEmbeddingDim, hd = spec.HeadDim, ff = spec.FeedForwardDim, group = spec.Heads / spec.KvHeads;
        var (h, scale1) = RmsNorm(x, n, d, w[$"blk.{l}.attn_norm.weight"], spec.RmsEpsilon);
        var q = MatMul(h, n, d, w[$"blk.{l}.attn_q.weight"], d);
        var k = MatMul(h, n, d, w[$"blk.{l}.attn_k.weight"], kv);
        var val = MatMul(h, n, d, w[$"blk.{l}.attn_v.weight"], kv);
        Rope(q, n, spec.Heads, hd, spec.RopeFreqBase, +1);
        Rope(k, n, spec.KvHeads, hd, spec.RopeFreqBase, +1);
        var probabilities = new float[spec.Heads][];
        var mixed = new float[n * d];
        var attnScale = 1 / MathF.Sqrt(hd);
        for (var head = 0; head < spec.Heads; head++)
        {
            var p = probabilities[head] = new float[n * n];
            var kvHead = head / group;
            for (var t = 0; t < n; t++)
            {
                for (var s = 0; s <= t; s++) p[t * n + s] = attnScale * TensorPrimitives.Dot(q.AsSpan(t * d + head * hd, hd), k.AsSpan(s * kv + kvHead * hd, hd));
                StableSoftMax(p.AsSpan(t * n, t + 1), p.AsSpan(t * n, t + 1));
                var output = mixed.AsSpan(t * d + head * hd, hd);
                for (var s = 0; s <= t; s++) TensorPrimitives.MultiplyAdd(val.AsSpan(s * kv + kvHead * hd, hd), p[t * n + s], output, output);
            }
        }
        var middle = MatMul(mixed, n, d, w[$"blk.{l}.attn_output.weight"], d);
        TensorPrimitives.Add(middle, x, middle);
        var (h2, scale2) = RmsNorm(middle, n, d, w[$"blk.{l}.ffn_norm.weight"], spec.RmsEpsilon);
        var gate = MatMul(h2, n, d, w[$"blk.{l}.ffn_gate.weight"], ff);
        var up = MatMul(h2, n, d, w[$"blk.{l}.ffn_up.weight"], ff);
        var activation = new float[n * ff];
        for (var i = 0; i < activation.Length; i++) activation[i] = gate[i] / (1 + MathF.Exp(-gate[i])) * up[i];
        var output2 = MatMul(activation, n, ff, w[$"blk.{l}.ffn_down.weight"], d);
        TensorPrimitives.Add(output2, middle, output2);
        return (new LayerTape(x, h, scale1, q, k, val, probabilities, mixed, middle, h2, scale2, gate, up, activation), output2);
    }

    private static float[] BackwardLayer(IReadOnlyDictionary<string, float[]> w, LlamaModelSpec spec, int l, LayerTape tape, float[] dOut, int n, IDictionary<string, float[]> g)
    {
        int d = spec.EmbeddingDim, kv = spec.KvEmbeddingDim, hd = spec.HeadDim, ff = spec.FeedForwardDim, group = spec.Heads / spec.KvHeads;
        // Feed-forward: out = middle + down(silu(gate) * up).
        var dActivation = MatMulBackward(dOut, tape.Activation, n, ff, w[$"blk.{l}.ffn_down.weight"], d, g[$"blk.{l}.ffn_down.weight"]);
        var dGate = new float[n * ff];
        var dUp = new float[n * ff];
        for (var i = 0; i < dGate.Length; i++)
        {
            var sigma = 1 / (1 + MathF.Exp(-tape.Gate[i]));
            dUp[i] = dActivation[i] * tape.Gate[i] * sigma;
            dGate[i] = dActivation[i] * tape.Up[i] * sigma * (1 + tape.Gate[i] * (1 - sigma));
        }
        var dH2 = MatMulBackward(dGate, tape.FfnNormed, n, d, w[$"blk.{l}.ffn_gate.weight"], ff, g[$"blk.{l}.ffn_gate.weight"]);
        TensorPrimitives.Add(dH2, MatMulBackward(dUp, tape.FfnNormed, n, d, w[$"blk.{l}.ffn_up.weight"], ff, g[$"blk.{l}.ffn_up.weight"]), dH2);
        var dMiddle = RmsNormBackward(dH2, tape.Middle, tape.FfnScale, n, d, w[$"blk.{l}.ffn_norm.weight"], g[$"blk.{l}.ffn_norm.weight"]);
        TensorPrimitives.Add(dMiddle, dOut, dMiddle);

        // Attention: middle = input + wo(mixed).
        var dMixed = MatMulBackward(dMiddle, tape.Mixed, n, d, w[$"blk.{l}.attn_output.weight"], d, g[$"blk.{l}.attn_output.weight"]);
        var dq = new float[n * d];
        var dk = new float[n * kv];
        var dv = new float[n * kv];
        var attnScale = 1 / MathF.Sqrt(hd);
        var dScores = new float[n];
        for (var head = 0; head < spec.Heads; head++)
        {
            var p = tape.Probabilities[head];
            var kvHead = head / group;
            for (var t = 0; t < n; t++)
            {
                var dOutput = dMixed.AsSpan(t * d + head * hd, hd);
                double weighted = 0;
                for (var s = 0; s <= t; s++)
                {
                    dScores[s] = TensorPrimitives.Dot(dOutput, tape.V.AsSpan(s * kv + kvHead * hd, hd));
                    weighted += p[t * n + s] * dScores[s];
                    TensorPrimitives.MultiplyAdd(dOutput, p[t * n + s], dv.AsSpan(s * kv + kvHead * hd, hd), dv.AsSpan(s * kv + kvHead * hd, hd));
                }
                for (var s = 0; s <= t; s++)
                {
                    var dS = attnScale * p[t * n + s] * (float)(dScores[s] - weighted); // softmax backward, then the 1/sqrt(hd) scale
                    TensorPrimitives.MultiplyAdd(tape.K.AsSpan(s * kv + kvHead * hd, hd), dS, dq.AsSpan(t * d + head * hd, hd), dq.AsSpan(t * d + head * hd, hd));
                    TensorPrimitives.MultiplyAdd(tape.Q.AsSpan(t * d + head * hd, hd), dS, dk.AsSpan(s * kv + kvHead * hd, hd), dk.AsSpan(s * kv + kvHead * hd, hd));
                }
            }
        }
        Rope(dq, n, spec.Heads, hd, spec.RopeFreqBase, -1); // a rotation's transpose is the opposite rotation
        Rope(dk, n, spec.KvHeads, hd, spec.RopeFreqBase, -1);
        var dH = MatMulBackward(dq, tape.AttnNormed, n, d, w[$"blk.{l}.attn_q.weight"], d, g[$"blk.{l}.attn_q.weight"]);
        TensorPrimitives.Add(dH, MatMulBackward(dk, tape.AttnNormed, n, d, w[$"blk.{l}.attn_k.weight"], kv, g[$"blk.{l}.attn_k.weight"]), dH);
        TensorPrimitives.Add(dH, MatMulBackward(dv, tape.AttnNormed, n, d, w[$"blk.{l}.attn_v.weight"], kv, g[$"blk.{l}.attn_v.weight"]), dH);
        var dInput = RmsNormBackward(dH, tape.Input, tape.AttnScale, n, d, w[$"blk.{l}.attn_norm.weight"], g[$"blk.{l}.attn_norm.weight"]);
        TensorPrimitives.Add(dInput, dMiddle, dInput);
        return dInput;
    }

    private static (float[] Output, float[] Scale) RmsNorm(float[] x, int n, int d, float[] weight, float epsilon)
    {
        var y = new float[x.Length];
        var scales = new float[n];
        for (var t = 0; t < n; t++)
        {
            scales[t] = 1 / MathF.Sqrt(TensorPrimitives.SumOfSquares(x.AsSpan(t * d, d)) / d + epsilon);
            TensorPrimitives.Multiply(x.AsSpan(t * d, d), scales[t], y.AsSpan(t * d, d));
            TensorPrimitives.Multiply(y.AsSpan(t * d, d), weight, y.AsSpan(t * d, d));
        }
        return (y, scales);
    }

    /// <summary>y = w ⊙ x·r with r = (mean x² + ε)^-½: dw += Σ dy ⊙ x·r, dx = r·(dy⊙w − x·r · mean(dy⊙w ⊙ x·r)).</summary>
    private static float[] RmsNormBackward(float[] dy, float[] x, float[] scales, int n, int d, float[] weight, float[] dWeight)
    {
        var dx = new float[x.Length];
        var normed = new float[d];
        var dNormed = new float[d];
        for (var t = 0; t < n; t++)
        {
            TensorPrimitives.Multiply(x.AsSpan(t * d, d), scales[t], normed);
            TensorPrimitives.Multiply(dy.AsSpan(t * d, d), weight, dNormed);
            TensorPrimitives.MultiplyAdd(dy.AsSpan(t * d, d), normed, dWeight, dWeight);
            var mean = TensorPrimitives.Dot(dNormed, normed) / d;
            for (var i = 0; i < d; i++) dx[t * d + i] = scales[t] * (dNormed[i] - normed[i] * mean);
        }
        return dx;
    }

    private static void Rope(float[] values, int n, int heads, int hd, float freqBase, int direction)
    {
        // One angle per (position, pair), shared by every head.
        var (cos, sin) = (new float[n * hd / 2], new float[n * hd / 2]);
        for (var t = 0; t < n; t++)
            for (var i = 0; i < hd / 2; i++)
            {
                var angle = direction * t * Math.Pow(freqBase, -2.0 * i / hd);
                (cos[t * hd / 2 + i], sin[t * hd / 2 + i]) = ((float)Math.Cos(angle), (float)Math.Sin(angle));
            }
        var width = heads * hd;
        for (var t = 0; t < n; t++)
            for (var head = 0; head < heads; head++)
                for (var i = 0; i < hd / 2; i++)
                {
                    var (c, s) = (cos[t * hd / 2 + i], sin[t * hd / 2 + i]);
                    var at = t * width + head * hd + 2 * i;
                    var (a, b) = (values[at], values[at + 1]);
                    values[at] = a * c - b * s;
                    values[at + 1] = a * s + b * c;
                }
    }

    /// <summary>y = x Wᵀ with W stored [outputs][inputs].</summary>
    private static float[] MatMul(float[] x, int n, int inputs, float[] w, int outputs)
    {
        var y = new float[n * outputs];
        Gemm.MultiplyTransposed(x, w, y, n, outputs, inputs, accumulate: false);
        return y;
    }

    /// <summary>For y = x Wᵀ: adds dW += dyᵀ x and returns dx = dy W.</summary>
    private static float[] MatMulBackward(float[] dy, float[] x, int n, int inputs, float[] w, int outputs, float[] dW)
    {
        Gemm.MultiplyTransposed(Gemm.Transpose(dy, n, outputs), Gemm.Transpose(x, n, inputs), dW, outputs, inputs, n, accumulate: true);
        var dx = new float[n * inputs];
        Gemm.MultiplyTransposed(dy, Gemm.Transpose(w, outputs, inputs), dx, n, inputs, outputs, accumulate: false);
        return dx;
    }

    /// <summary>
    /// Softmax after subtracting the maximum: TensorPrimitives.SoftMax exponentiates the values as they are, and one
    /// logit above ~88 overflows float to infinity and turns the row into NaN (a confident model's validation loss did).
    /// </summary>
    private static void StableSoftMax(ReadOnlySpan<float> values, Span<float> destination)
    {
        TensorPrimitives.Subtract(values, TensorPrimitives.Max(values), destination);
        TensorPrimitives.SoftMax(destination, destination);
    }
}
