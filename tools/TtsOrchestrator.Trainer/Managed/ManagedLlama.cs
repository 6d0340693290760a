using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer.Managed;

/// <summary>
/// The llama architecture's forward pass in managed code, exactly as llama.cpp computes it for the project's GGUF
/// files (RMSNorm, RoPE in llama.cpp's "normal" mode — adjacent pairs —, grouped-query attention, SwiGLU, untied
/// output), with its loss gradients (<see cref="ManagedLlamaGradients"/>): the start of the managed trainer the issue
/// names as fallback. Tests hold the forward pass to llama.cpp's logits and the gradients to finite differences.
/// Weights are row-major [out][in], which is GGUF's ne0 = in.
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
    public float[] Forward(IReadOnlyList<int> tokens) => ManagedLlamaGradients.Logits(_weights, _spec, tokens);

    /// <summary>Mean next-token loss of a window, with gradients added into <paramref name="gradients"/> when given.</summary>
    public double Loss(IReadOnlyList<int> window, IDictionary<string, float[]>? gradients) => ManagedLlamaGradients.Loss(_weights, _spec, window, gradients);

    public IReadOnlyDictionary<string, float[]> Weights => _weights;
}
