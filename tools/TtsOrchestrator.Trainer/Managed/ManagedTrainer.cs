using System.Numerics.Tensors;
using TtsOrchestrator.LlamaCpp.Gguf;
using TtsOrchestrator.LlamaCpp.Training;

namespace TtsOrchestrator.Trainer.Managed;

/// <summary>
/// Trains a llama GGUF in managed code with AdamW and global-norm gradient clipping: every tensor learns, token
/// embeddings and K/V included (llama.cpp's training leaves those frozen). Same surface as <see cref="LlamaTrainer"/>
/// (Epoch / Evaluate / Save), so the training loop can use either. Windows of one step are processed in parallel,
/// one per core, and their gradients summed.
/// </summary>
public sealed class ManagedTrainer : IModelTrainer
{
    private readonly string _source;
    private readonly LlamaModelSpec _spec;
    private readonly Dictionary<string, float[]> _weights;
    private readonly Dictionary<string, float[]> _m, _v;
    private readonly Func<long, float> _learningRate;
    private readonly float _weightDecay, _clip;
    private readonly int _windowsPerStep;
    private readonly Func<IReadOnlyList<int>, float[]>? _targetWeights;
    private long _step, _windows;

    private ManagedTrainer(string source, LlamaModelSpec spec, Dictionary<string, float[]> weights, Func<long, float> learningRate, float weightDecay, float clip, int windowsPerStep,
        Func<IReadOnlyList<int>, float[]>? targetWeights)
    {
        (_source, _spec, _weights, _learningRate, _weightDecay, _clip, _windowsPerStep) = (source, spec, weights, learningRate, weightDecay, clip, windowsPerStep);
        _targetWeights = targetWeights;
        _m = weights.ToDictionary(kv => kv.Key, kv => new float[kv.Value.Length]);
        _v = weights.ToDictionary(kv => kv.Key, kv => new float[kv.Value.Length]);
    }

    public long Steps => _step;

    /// <summary>Updates skipped because their gradient was not finite.</summary>
    public long SkippedSteps { get; private set; }

    public void Dispose() { }

    /// <summary>
    /// Loads an F32/F16 llama GGUF (its shape from the llama.* metadata) for training; <paramref name="learningRate"/> is
    /// asked with the windows trained so far. <paramref name="targetWeights"/> weighs the next-token targets of a window
    /// (e.g. 0 outside the assistant's turns of a chat); null trains them all alike. <paramref name="contextLength"/> is
    /// the window length this run trains at when it differs from the file's (a run that lengthens a model's context);
    /// saved checkpoints record it.
    /// </summary>
    public static ManagedTrainer Open(string path, Func<long, float> learningRate, float weightDecay = 0.01f, float clip = 1f, int windowsPerStep = 2,
        Func<IReadOnlyList<int>, float[]>? targetWeights = null, int? contextLength = null)
    {
        using var reader = GgufReader.Open(path);
        var spec = new LlamaModelSpec(
            reader.Get<string[]>("tokenizer.ggml.tokens").Length,
            (int)reader.Get<uint>("llama.embedding_length"), (int)reader.Get<uint>("llama.block_count"),
            (int)reader.Get<uint>("llama.attention.head_count"), (int)reader.Get<uint>("llama.attention.head_count_kv"),
            (int)reader.Get<uint>("llama.feed_forward_length"), contextLength ?? (int)reader.Get<uint>("llama.context_length"),
            reader.Get<float>("llama.attention.layer_norm_rms_epsilon"), reader.Get<float>("llama.rope.freq_base"));
        var weights = reader.Tensors.ToDictionary(t => t.Name, t => reader.ReadTensor(t.Name));
        return new ManagedTrainer(path, spec, weights, learningRate, weightDecay, clip, windowsPerStep, targetWeights);
    }

    /// <summary>Trains on the first (1 − validationFraction) of the windows, <c>windowsPerStep</c> per optimizer step, and evaluates on the rest.</summary>
    public EpochLoss Epoch(IReadOnlyList<int[]> windows, double validationFraction)
    {
        var split = Math.Clamp((int)Math.Round(windows.Count * (1 - validationFraction)), 1, windows.Count);
        double trainLoss = 0;
        var counted = 0;
        for (var start = 0; start < split; start += _windowsPerStep)
        {
            var batch = windows.Skip(start).Take(Math.Min(_windowsPerStep, split - start)).ToList();
            var gradients = new Dictionary<string, float[]>[batch.Count];
            var losses = new double[batch.Count];
            Parallel.For(0, batch.Count, i =>
            {
                gradients[i] = _weights.ToDictionary(kv => kv.Key, kv => new float[kv.Value.Length]);
                losses[i] = ManagedLlamaGradients.Loss(_weights, _spec, batch[i], gradients[i], _targetWeights?.Invoke(batch[i]));
            });
            for (var i = 1; i < batch.Count; i++)
                foreach (var (name, g) in gradients[0]) TensorPrimitives.Add(g, gradients[i][name], g);
            foreach (var g in gradients[0].Values) TensorPrimitives.Multiply(g, 1f / batch.Count, g);
            _windows += batch.Count;
            if (!Step(gradients[0])) continue;
            trainLoss += losses.Sum();
            counted += batch.Count;
        }
        return new EpochLoss(counted > 0 ? trainLoss / counted : double.NaN, split < windows.Count ? Evaluate(windows.Skip(split).ToList()) : double.NaN);
    }

    public double Evaluate(IReadOnlyList<int[]> windows)
    {
        var losses = new double[windows.Count];
        Parallel.For(0, windows.Count, i => losses[i] = ManagedLlamaGradients.Loss(_weights, _spec, windows[i], null, _targetWeights?.Invoke(windows[i])));
        return losses.Average();
    }

    /// <summary>Writes the weights as an F32 GGUF with the source file's metadata (vocabulary, chat template, shape) and this run's context.</summary>
    public void Save(string path)
    {
        using var reader = GgufReader.Open(_source);
        var writer = new GgufWriter(reader.Alignment);
        foreach (var (key, value) in reader.Metadata.Where(kv => kv.Key is not ("general.alignment" or "general.file_type" or "llama.context_length")))
            writer.AddMetadata(key, value);
        writer.AddMetadata("general.file_type", 0u); // all F32
        writer.AddMetadata("llama.context_length", (uint)_spec.ContextLength);
        foreach (var tensor in reader.Tensors) writer.AddTensor(tensor.Name, GgmlType.F32, [.. tensor.Shape]);
        var temporary = path + ".partial";
        writer.WriteTo(temporary, (tensor, values) => _weights[tensor.Name].CopyTo(values));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>AdamW (β 0.9/0.95, decoupled decay on matrices) after clipping the gradients' global norm.</summary>
    /// <returns>False when the update was skipped (a non-finite gradient).</returns>
    private bool Step(Dictionary<string, float[]> gradients)
    {
        var norm = Math.Sqrt(gradients.Values.Sum(g => (double)TensorPrimitives.SumOfSquares(g)));
        // An overflowing window (seen a few times per hour at lr 3e-4) would turn every weight into NaN through the
        // clip scale; skipping its update keeps the run going instead of rolling back to the last checkpoint.
        if (!double.IsFinite(norm))
        {
            SkippedSteps++;
            return false;
        }
        var clipScale = norm > _clip ? (float)(_clip / norm) : 1f;
        _step++;
        const float beta1 = 0.9f, beta2 = 0.95f, epsilon = 1e-8f;
        var lr = _learningRate(_windows); // the schedule counts windows, whatever the windows per step
        var (correction1, correction2) = (1 - MathF.Pow(beta1, _step), 1 - MathF.Pow(beta2, _step));
        foreach (var (name, g) in gradients)
        {
            var (w, m, v) = (_weights[name], _m[name], _v[name]);
            var decay = name.Contains("norm") ? 0 : _weightDecay;
            for (var i = 0; i < w.Length; i++)
            {
                var gi = g[i] * clipScale;
                m[i] = beta1 * m[i] + (1 - beta1) * gi;
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                w[i] -= lr * (m[i] / correction1 / (MathF.Sqrt(v[i] / correction2) + epsilon) + decay * w[i]);
            }
        }
        return true;
    }
}
