using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Gguf;
using Xunit.Abstractions;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>
/// The weights the trainer holds in memory, the F32 checkpoint it saves and the F16 / Q8_0 files exported from it
/// must give the same next-token logits (up to the rounding of the export), or the embedded model is not the one trained.
/// </summary>
[Collection(TrainedTinyModelCollection.Name)]
public sealed class LogitParityTests(TrainedTinyModelFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// F16 rounds every weight (and the engine's KV cache) to 11 significant bits, a relative error of at most 2^-11;
    /// the logit error is such rounding carried through the network, so it is read against the logits' spread at one
    /// position. Measured on this model: 3.6e-4 of the spread (0.0034 of 9.5), i.e. 0.7 x 2^-11; allowed: 8 x 2^-11 (0.39%).
    /// </summary>
    public const double F16Tolerance = 8.0 / 2048;

    /// <summary>
    /// Q8_0 stores blocks of 32 weights as 8-bit steps of max|w| / 127, about 2^-7 of the block's largest weight.
    /// Measured: 1.05% of the spread (0.0996 of 9.5), 1.3 x 2^-7; allowed: 4 x 2^-7 (3.1%).
    /// </summary>
    public const double Q8Tolerance = 4.0 / 128;

    private int Vocabulary => TinyArithModel.Vocabulary.Count;

    [Fact]
    public void The_tiny_model_was_trained_away_from_its_random_init()
    {
        Assert.True(fixture.Losses[^1].Train < fixture.Losses[0].Train, $"train loss {fixture.Losses[0].Train:0.000} -> {fixture.Losses[^1].Train:0.000}");
    }

    [Fact]
    public void The_saved_F32_checkpoint_gives_the_trainers_logits()
    {
        var trained = fixture.Trainer.Logits(fixture.CheckTokens);
        using var model = LlamaModel.Load(fixture.CheckpointPath, gpuLayers: 0);
        var saved = LlamaLogits.Compute(model, fixture.CheckTokens, TrainedTinyModelFixture.Threads, exactCache: true);

        var d = LogitDifference.Of(trained, saved, Vocabulary);
        output.WriteLine($"F32 checkpoint vs trainer: {d}");
        Assert.True(d.MaxAbs < 1e-4, d.ToString()); // same weights, same F32 cache: only summation order may differ
        Assert.Equal(d.Positions, d.ArgmaxAgreements);
    }

    [Fact]
    public void The_F16_export_gives_the_trainers_logits_up_to_F16_rounding()
    {
        var exported = fixture.NewPath("export-f16.gguf");
        GgufExport.Quantize(fixture.CheckpointPath, exported, LlamaFileType.MostlyF16, TrainedTinyModelFixture.Threads);
        var d = Compare(exported);
        output.WriteLine($"F16 export vs trainer: {d}; min top-2 gap {MinTopGap(fixture.Trainer.Logits(fixture.CheckTokens)):G3}; {new FileInfo(exported).Length} vs {new FileInfo(fixture.CheckpointPath).Length} bytes");
        Assert.True(d.MaxAbs < F16Tolerance * d.Spread, d.ToString());
        // Every position: the closest top-2 race of this model is 0.0087 apart, more than twice the measured error.
        Assert.Equal(d.Positions, d.ArgmaxAgreements);
    }

    [Fact]
    public void The_Q8_0_export_gives_the_trainers_logits_up_to_8_bit_rounding()
    {
        var exported = fixture.NewPath("export-q8_0.gguf");
        GgufExport.Quantize(fixture.CheckpointPath, exported, LlamaFileType.MostlyQ8_0, TrainedTinyModelFixture.Threads);
        var d = Compare(exported);
        output.WriteLine($"Q8_0 export vs trainer: {d}; {new FileInfo(exported).Length} bytes");
        Assert.True(d.MaxAbs < Q8Tolerance * d.Spread, d.ToString());
    }

    [Fact]
    public void Logits_leave_the_training_context_as_they_found_it()
    {
        var first = fixture.Trainer.Logits(fixture.CheckTokens);
        var loss = fixture.Trainer.Evaluate(fixture.Windows);
        var again = fixture.Trainer.Logits(fixture.CheckTokens);
        Assert.Equal(first, again);
        Assert.Equal(loss, fixture.Trainer.Evaluate(fixture.Windows));
    }

    private double MinTopGap(float[] logits) => Enumerable.Range(0, logits.Length / Vocabulary).Min(p =>
    {
        var row = logits.AsSpan(p * Vocabulary, Vocabulary).ToArray().OrderDescending().ToArray();
        return (double)row[0] - row[1];
    });

    /// <summary>The exported file as the engine runs it (llama.cpp's default F16 KV cache) against the trainer's own weights.</summary>
    private LogitDifference Compare(string exported)
    {
        using var model = LlamaModel.Load(exported, gpuLayers: 0);
        var logits = LlamaLogits.Compute(model, fixture.CheckTokens, TrainedTinyModelFixture.Threads);
        return LogitDifference.Of(fixture.Trainer.Logits(fixture.CheckTokens), logits, Vocabulary);
    }
}
