using TtsOrchestrator.LlamaCpp.Training;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary><see cref="LlamaTrainer.Logits"/> runs in the training context; training must not notice.</summary>
public sealed class TrainerLogitsTests : TempDirectory
{
    [Fact]
    public void Asking_for_logits_between_epochs_does_not_change_what_training_learns()
    {
        var start = PathOf("random.gguf");
        TinyArithModel.Write(start, seed: 11);
        var windows = new TrainingData(TinyArithModel.Tokenizer, TinyArithModel.Spec.ContextLength, seed: 11).Chunk(0, []).Take(2).ToList();
        var tokens = TinyArithModel.Tokenizer.EncodeExample(Export.CheckChat);
        using var probed = LlamaTrainer.Open(start, threads: TrainedTinyModelFixture.Threads, learningRate: _ => 2e-3f);
        using var plain = LlamaTrainer.Open(start, threads: TrainedTinyModelFixture.Threads, learningRate: _ => 2e-3f);

        probed.Epoch(windows, validationFraction: 0.5);
        var between = probed.Logits(tokens);
        var probedLoss = probed.Epoch(windows, validationFraction: 0.5);
        plain.Epoch(windows, validationFraction: 0.5);
        var plainLoss = plain.Epoch(windows, validationFraction: 0.5);

        Assert.Equal(between.Length, tokens.Length * TinyArithModel.Vocabulary.Count);
        Assert.Equal(plainLoss, probedLoss);
        Assert.Equal(plain.Logits(tokens), probed.Logits(tokens));
    }

    [Fact]
    public void A_trainer_stepping_in_quarter_windows_gives_the_same_logits_as_one_stepping_in_whole_ones()
    {
        var start = PathOf("random.gguf");
        TinyArithModel.Write(start, seed: 12);
        var tokens = new TrainingData(TinyArithModel.Tokenizer, TinyArithModel.Spec.ContextLength, seed: 12).Chunk(0, [])[0][..250];
        using var whole = LlamaTrainer.Open(start, threads: TrainedTinyModelFixture.Threads, learningRate: _ => 1e-3f);
        using var quarters = LlamaTrainer.Open(start, threads: TrainedTinyModelFixture.Threads, learningRate: _ => 1e-3f, tokensPerStep: 64);
        var d = LogitDifference.Of(whole.Logits(tokens), quarters.Logits(tokens), TinyArithModel.Vocabulary.Count);
        Assert.True(d.MaxAbs < 1e-4, d.ToString()); // 250 tokens decoded in batches of 64 through the F32 cache
    }
}
