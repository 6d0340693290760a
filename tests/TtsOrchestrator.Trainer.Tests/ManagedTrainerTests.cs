using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Gguf;
using TtsOrchestrator.Trainer.Managed;

namespace TtsOrchestrator.Trainer.Tests;

public sealed class ManagedTrainerTests : TempDirectory
{
    private static readonly LlamaModelSpec Spec = new(TinyArithModel.Vocabulary.Count, EmbeddingDim: 32, Layers: 2, Heads: 2, KvHeads: 2, FeedForwardDim: 96, ContextLength: 256);

    [Fact]
    public void The_managed_trainer_teaches_attention_to_repeat_a_pair_and_llama_cpp_runs_what_it_saved()
    {
        var path = PathOf("probe.gguf");
        RandomLlamaModel.Write(path, Spec, seed: 1, GgmlType.F32, TinyArithModel.Vocabulary);
        var digits = Enumerable.Range(0, 10).Select(d => TinyArithModel.Vocabulary.IdOf(d.ToString())).ToArray();
        var random = new Random(1);
        int[] Window()
        {
            var (a, b) = (digits[random.Next(10)], digits[random.Next(10)]);
            return [.. Enumerable.Range(0, 65).Select(i => i % 2 == 0 ? a : b)]; // 64 positions are enough for the probe
        }

        var trainer = ManagedTrainer.Open(path, step => 3e-3f, windowsPerStep: 1);
        var losses = Enumerable.Range(0, 10).Select(_ => trainer.Epoch([.. Enumerable.Range(0, 16).Select(_ => Window())], validationFraction: 0.25)).ToList();
        Assert.True(losses[0].Validation > 1.0 || losses[0].Train > 2.0, $"first epoch {losses[0]}");
        Assert.True(losses[^1].Validation < 0.3, string.Join(", ", losses.Select(l => $"{l.Validation:0.00}")));

        // What it saved is a GGUF llama.cpp loads and agrees with.
        var saved = PathOf("trained.gguf");
        trainer.Save(saved);
        var probe = Window()[..20];
        using var model = LlamaModel.Load(saved, gpuLayers: 0);
        var d = LogitDifference.Of(LlamaLogits.Compute(model, probe, 1, exactCache: true), ManagedLlama.Load(saved, Spec).Forward(probe), Spec.VocabSize);
        Assert.True(d.MaxAbs < 1e-3, d.ToString());
    }

    [Fact]
    public void A_run_that_lengthens_the_context_records_it_in_what_it_saves()
    {
        var path = PathOf("short.gguf");
        RandomLlamaModel.Write(path, Spec, seed: 1, GgmlType.F32, TinyArithModel.Vocabulary);
        var saved = PathOf("long.gguf");
        ManagedTrainer.Open(path, step => 1e-3f, contextLength: 512).Save(saved);
        using var reader = GgufReader.Open(saved);
        Assert.Equal(512u, reader.Get<uint>("llama.context_length"));
    }
}
