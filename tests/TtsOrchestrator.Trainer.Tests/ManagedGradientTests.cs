using TtsOrchestrator.LlamaCpp.Gguf;
using TtsOrchestrator.Trainer.Managed;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>The managed backward pass against central finite differences, on every kind of tensor.</summary>
public sealed class ManagedGradientTests : TempDirectory
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Analytic_gradients_match_finite_differences_for_every_tensor_kind(bool someTargetsOnly)
    {
        var spec = new LlamaModelSpec(TinyArithModel.Vocabulary.Count, EmbeddingDim: 16, Layers: 2, Heads: 2, KvHeads: 1, FeedForwardDim: 32, ContextLength: 256);
        var path = PathOf("random.gguf");
        RandomLlamaModel.Write(path, spec, seed: 3, GgmlType.F32, TinyArithModel.Vocabulary);
        Dictionary<string, float[]> weights;
        using (var reader = GgufReader.Open(path))
            weights = reader.Tensors.ToDictionary(t => t.Name, t => reader.ReadTensor(t.Name));
        // Norm weights start at exactly 1; nudge them so their gradients are generic.
        var random = new Random(4);
        foreach (var (name, values) in weights.Where(kv => kv.Key.Contains("norm")))
            for (var i = 0; i < values.Length; i++) values[i] += (float)(0.2 * (random.NextDouble() - 0.5));

        int[] window = [.. TinyArithModel.Tokenizer.EncodeExample(Export.CheckChat).Take(11)];
        // Target weights (as for assistant-only training with weighted verdicts): 0, 1 and 2 in turn.
        var trained = someTargetsOnly ? Enumerable.Range(0, window.Length - 1).Select(t => t % 3 == 0 ? 0f : t % 3).ToArray() : null;
        var gradients = weights.ToDictionary(kv => kv.Key, kv => new float[kv.Value.Length]);
        ManagedLlamaGradients.Loss(weights, spec, window, gradients, trained);

        var checkedCount = 0;
        foreach (var name in weights.Keys)
        {
            var values = weights[name];
            // The largest-gradient entries of each tensor (embedding rows of unused tokens have none).
            foreach (var i in Enumerable.Range(0, values.Length).OrderByDescending(i => Math.Abs(gradients[name][i])).Take(3))
            {
                const float h = 1e-2f;
                var original = values[i];
                values[i] = original + h;
                var up = ManagedLlamaGradients.Loss(weights, spec, window, null, trained);
                values[i] = original - h;
                var down = ManagedLlamaGradients.Loss(weights, spec, window, null, trained);
                values[i] = original;
                var numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - gradients[name][i]) <= 2e-3 + 0.05 * Math.Abs(numeric),
                    $"{name}[{i}]: analytic {gradients[name][i]:G5}, numeric {numeric:G5}");
                checkedCount++;
            }
        }
        Assert.Equal(weights.Count * 3, checkedCount);
    }
}
