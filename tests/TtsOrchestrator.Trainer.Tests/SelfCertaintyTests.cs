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
        // The tiny model sometimes emits a control token whose piece is empty, and then its text does not give back
        // the generated ids; take the first sampled completion whose text does (all but the final EOS).
        var (prompt, completion, generated) = await FirstRoundTrippingCompletionAsync(engine);

        // Rows P-1 .. P+G-2 of the logits of prompt + generated text predict the G generated tokens (EOS included).
        var promptTokens = engine.PromptTokens(prompt);
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

    private async Task<(Prompt, Completion, int[])> FirstRoundTrippingCompletionAsync(LlamaGenerator engine)
    {
        foreach (var question in new[] { "What is 2+3*4?", "What is 7-5?", "What is 4*6+1?", "What is 9-2*3+8?" })
            for (ulong seed = 0; seed < 8; seed++)
            {
                var prompt = Prompt.FromQuestion(question);
                var completion = (await engine.GenerateAsync(new GenerationRequest
                {
                    Prompt = prompt, MaxTokens = 20, SelfCertainty = true,
                    Sampling = new SamplingOptions { Temperature = 0.8, Seed = seed },
                })).Completions[0];
                var generated = model.Trainer.Model.Tokenize(completion.Text, addBos: false);
                if (completion.FinishReason == FinishReason.EndOfText && generated.Length == completion.GeneratedTokens - 1)
                    return (prompt, completion, generated);
            }
        throw new Xunit.Sdk.XunitException("no sampled completion's text gave back its generated tokens");
    }
}
