using TtsOrchestrator.LlamaCpp.Gguf;
using TtsOrchestrator.LlamaCpp.Training;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>
/// The smallest check that llama.cpp's training teaches attention at all (despite its frozen K, V and embeddings,
/// see <see cref="FrozenTensorsTests"/>): every window repeats one random pair of digits ("3 8 3 8 3 8 ..."), so after
/// the first two tokens each one is the token two places back. A model without working attention stays near
/// ln 10 = 2.3 nats; one that attends falls towards 0.
/// </summary>
public sealed class AttentionProbeTests : TempDirectory
{
    [Fact]
    public void Training_teaches_attention_to_repeat_a_pair()
    {
        var spec = new LlamaModelSpec(TinyArithModel.Vocabulary.Count, EmbeddingDim: 64, Layers: 2, Heads: 4, KvHeads: 4, FeedForwardDim: 192, ContextLength: 256);
        var path = PathOf("probe.gguf");
        RandomLlamaModel.Write(path, spec, seed: 1, GgmlType.F32, TinyArithModel.Vocabulary);
        var digits = Enumerable.Range(0, 10).Select(d => TinyArithModel.Vocabulary.IdOf(d.ToString())).ToArray();
        var random = new Random(1);
        int[] Window()
        {
            var (a, b) = (digits[random.Next(10)], digits[random.Next(10)]);
            return [.. Enumerable.Range(0, spec.ContextLength + 1).Select(i => i % 2 == 0 ? a : b)];
        }

        using var trainer = LlamaTrainer.Open(path, TrainedTinyModelFixture.Threads, step => MathF.Min(1e-3f, 1e-3f * (step + 1) / 20));
        var losses = Enumerable.Range(0, 8).Select(_ => trainer.Epoch([.. Enumerable.Range(0, 16).Select(_ => Window())], validationFraction: 0.25)).ToList();

        Assert.True(losses[0].Validation > 1.5, $"an untrained model already knows the pair? {losses[0]}");
        Assert.True(losses.Skip(4).Min(l => l.Validation) < 0.7, string.Join(", ", losses.Select(l => $"{l.Validation:0.00}")));
    }
}
