using TtsOrchestrator.LlamaCpp.Training;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>
/// A tiny tts-arith model trained for two epochs on real training windows (so its weights are no longer the
/// random init), its trainer still open, and the F32 checkpoint it saved: what <c>tts-train export</c> starts from.
/// </summary>
public sealed class TrainedTinyModelFixture : TempDirectory
{
    /// <summary>One thread: the tiny model needs no more, and ggml's spinning threads crawl on a busy machine (measured 20x slower with 2 beside a training run).</summary>
    public const int Threads = 1;

    public TrainedTinyModelFixture()
    {
        var start = PathOf("random.gguf");
        TinyArithModel.Write(start, seed: 7);
        Windows = [.. new TrainingData(TinyArithModel.Tokenizer, TinyArithModel.Spec.ContextLength, seed: 7).Chunk(0, []).Take(8)];
        Trainer = LlamaTrainer.Open(start, Threads, learningRate: _ => 2e-3f);
        for (var epoch = 0; epoch < 2; epoch++) Losses.Add(Trainer.Epoch(Windows, validationFraction: 0.25));
        CheckpointPath = PathOf("checkpoint-f32.gguf");
        Trainer.Save(CheckpointPath);
    }

    public LlamaTrainer Trainer { get; }
    public IReadOnlyList<int[]> Windows { get; }
    public List<EpochLoss> Losses { get; } = [];
    public string CheckpointPath { get; }

    /// <summary>The chat the export command checks: a question and its worked solution, BOS to the last end of turn.</summary>
    public int[] CheckTokens { get; } = TinyArithModel.Tokenizer.EncodeExample(Export.CheckChat);

    public string NewPath(string file) => PathOf(file);

    public override void Dispose()
    {
        Trainer.Dispose();
        base.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TrainedTinyModelCollection : ICollectionFixture<TrainedTinyModelFixture>
{
    public const string Name = "trained tiny tts-arith model";
}
