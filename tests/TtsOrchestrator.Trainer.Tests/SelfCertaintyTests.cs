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
        using var loaded = LlamaModel.Load(model.CheckpointPath, gpuLayers: 0);
        var v = loaded.VocabularySize;
        foreach (var (prompt, completion) in await SampledCompletionsAsync(engine))
        {
            // Rows P-1 .. P+G-2 of the logits of prompt + generated text predict the G generated tokens (EOS included).
            // The text does not always give back the generated ids (the tiny model can emit a control token whose
            // piece is empty): only a completion whose every token has the log-prob the engine reported is compared.
            var promptTokens = engine.PromptTokens(prompt);
            int[] tokens = [.. promptTokens, .. model.Trainer.Model.Tokenize(completion.Text, addBos: false)];
            if (tokens.Length - promptTokens.Length != completion.GeneratedTokens - 1) continue; // all but the end of turn
            var logits = LlamaLogits.Compute(loaded, tokens, TrainedTinyModelFixture.Threads);
            var rows = Enumerable.Range(0, completion.GeneratedTokens).Select(i =>
            {
                var x = logits.AsSpan((promptTokens.Length - 1 + i) * v, v).ToArray();
                var max = x.Max();
                var lse = max + Math.Log(x.Sum(l => Math.Exp(l - max)));
                var token = promptTokens.Length + i < tokens.Length ? tokens[promptTokens.Length + i] : -1; // -1: the end of turn
                return (LogProb: token < 0 ? double.NaN : x[token] - lse, Kl: lse - x.Average() - Math.Log(v)); // KL(U || p) = -log V - mean(log p)
            }).ToList();
            // TokenLogProbs holds every generated token but the end of turn, so this compares all the rows the
            // text decides (a token sampled as a byte-fallback piece retokenizes differently and is caught here).
            if (rows.Zip(completion.TokenLogProbs!).Any(r => Math.Abs(r.First.LogProb - r.Second.LogProb) > 1e-3)) continue;

            Assert.Equal(rows.Average(r => r.Kl), completion.SelfCertainty!.Value, 3);
            return;
        }
        throw new Xunit.Sdk.XunitException("no sampled completion's text gave back its generated tokens");
    }

    private static async Task<List<(Prompt, Completion)>> SampledCompletionsAsync(LlamaGenerator engine)
    {
        var completions = new List<(Prompt, Completion)>();
        foreach (var question in new[] { "What is 2+3*4?", "What is 7-5?", "What is 4*6+1?", "What is 9-2*3+8?" })
            for (ulong seed = 0; seed < 8; seed++)
            {
                var prompt = Prompt.FromQuestion(question);
                var completion = (await engine.GenerateAsync(new GenerationRequest
                {
                    Prompt = prompt, MaxTokens = 20, SelfCertainty = true, TokenLogProbs = true,
                    Sampling = new SamplingOptions { Temperature = 0.8, Seed = seed },
                })).Completions[0];
                if (completion.FinishReason == FinishReason.EndOfText) completions.Add((prompt, completion));
            }
        return completions;
    }
}
