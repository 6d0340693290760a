using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Gguf;
using TtsOrchestrator.Trainer.Managed;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>The managed forward pass against llama.cpp's, on a random F32 model with grouped-query attention.</summary>
public sealed class ManagedLlamaTests : TempDirectory
{
    [Fact]
    public void The_managed_forward_pass_gives_llama_cpps_logits()
    {
        var spec = new LlamaModelSpec(TinyArithModel.Vocabulary.Count, EmbeddingDim: 64, Layers: 2, Heads: 4, KvHeads: 2, FeedForwardDim: 192, ContextLength: 256);
        var path = PathOf("random.gguf");
        RandomLlamaModel.Write(path, spec, seed: 5, GgmlType.F32, TinyArithModel.Vocabulary);
        var tokens = TinyArithModel.Tokenizer.EncodeExample(Export.CheckChat);

        using var model = LlamaModel.Load(path, gpuLayers: 0);
        var reference = LlamaLogits.Compute(model, tokens, TrainedTinyModelFixture.Threads, exactCache: true);
        var managed = ManagedLlama.Load(path, spec).Forward(tokens);

        var d = LogitDifference.Of(reference, managed, spec.VocabSize);
        Assert.True(d.MaxAbs < 1e-4, d.ToString()); // both F32, only summation order differs: measured 4.4e-6
        Assert.Equal(d.Positions, d.ArgmaxAgreements);
    }
}
