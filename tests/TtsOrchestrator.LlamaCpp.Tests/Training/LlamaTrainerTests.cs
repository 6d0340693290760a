using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Gguf;
using TtsOrchestrator.LlamaCpp.Training;

namespace TtsOrchestrator.LlamaCpp.Tests.Training;

public class LlamaTrainerTests
{
    [Fact]
    public async Task Training_through_llama_cpp_lowers_the_loss_and_the_saved_model_generates_what_it_learned()
    {
        var dir = Directory.CreateTempSubdirectory("tts-train").FullName;
        try
        {
            var start = Path.Combine(dir, "start.gguf");
            RandomLlamaModel.Write(start, LlamaModelSpec.Tiny with { ContextLength = 256 }, seed: 3, GgmlType.F32);
            const string text = "the cat sat on the mat. ";
            using var trainer = LlamaTrainer.Open(start, threads: 2, learningRate: _ => 1e-3f);
            var tokens = trainer.Model.Tokenize(string.Concat(Enumerable.Repeat(text, 80)), addBos: false);
            var windows = Enumerable.Range(0, 12).Select(i => tokens[(i * 7)..(i * 7 + 257)]).ToList();

            var first = trainer.Epoch(windows, validationFraction: 0.25);
            EpochLoss last = first;
            for (var epoch = 1; epoch < 5; epoch++) last = trainer.Epoch(windows, 0.25);
            Assert.True(last.Train < first.Train * 0.5, $"train loss {first.Train:0.00} -> {last.Train:0.00}");
            Assert.True(last.Validation < first.Validation * 0.5, $"validation loss {first.Validation:0.00} -> {last.Validation:0.00}");
            Assert.True(trainer.Steps > 0);

            var trained = Path.Combine(dir, "trained.gguf");
            trainer.Save(trained);
            using var engine = LlamaGenerator.Start(new LlamaEngineOptions { ModelPath = trained, MaxParallelSequences = 1, ContextPerSequence = 256 });
            var r = await engine.GenerateAsync(new GenerationRequest { Prompt = Prompt.Raw("the cat sat on"), MaxTokens = 12, Sampling = SamplingOptions.Greedy });
            Assert.StartsWith(" the mat.", r.Completions[0].Text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
