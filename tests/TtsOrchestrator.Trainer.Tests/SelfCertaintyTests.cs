using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Engine;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>The engine's self-certainty against the definition, computed from the model's full logits.</summary>
[Collection(TrainedTinyModelCollection.Name)]
public sealed class SelfCertaintyTests(TrainedTinyModelFixture model)
{
    [Fact]
    public async Task Self_certainty_is_the_mean_KL_from_uniform_of_each_generated_tokens_distribution()
    {
        using var engine = LlamaGenerator.Start(new LlamaEngineOptions { ModelPath = model.CheckpointPath, Threads = TrainedTinyModelFixture.Threads, MaxParallelSequences = 2 });
        var prompt = Prompt.FromQuestion("What is 12+3*4?");
        var completion = (await engine.GenerateAsync(new GenerationRequest { Prompt = prompt, MaxTokens = 20, Sampling = SamplingOptions.Greedy, SelfCertainty = true })).Completions[0];

        // Rows P-1 .. P+G-2 of the logits of prompt + generated text predict the G generated tokens (EOS included).
        var promptTokens = engine.PromptTokens(prompt);
        var generated = model.Trainer.Model.Tokenize(completion.Text, addBos: false);
        int[] tokens = [.. promptTokens, .. generated];
        using var loaded = LlamaModel.Load(model.CheckpointPath, gpuLayers: 0);
        var logits = LlamaLogits.Compute(loaded, tokens, TrainedTinyModelFixture.Threads);
        var v = loaded.VocabularySize;
        var kls = Enumerable.Range(promptTokens.Length - 1, completion.GeneratedTokens).Select(row =>
        {
            var x = logits.AsSpan(row * v, v).ToArray();
            var max = x.Max();
            var lse = max + Math.Log(x.Sum(l => Math.Exp(l - max)));
            return lse - x.Average() - Math.Log(v); // KL(U || p) = -log V - mean(log p)
        });
        Assert.Equal(kls.Average(), completion.SelfCertainty!.Value, 3);
    }
}
