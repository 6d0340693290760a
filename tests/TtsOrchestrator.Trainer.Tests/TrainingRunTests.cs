using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>The whole loop on the tiny model: checkpoints, own-sample rounds, log, plot, and resuming.</summary>
public sealed class TrainingRunTests : TempDirectory
{
    private TrainingPlan Plan(long chunks) => new()
    {
        Engine = "llama",
        TokensPerStep = 128,
        Spec = TinyArithModel.Spec,
        Steps = chunks * TrainingData.WindowsPerChunk * (TinyArithModel.Spec.ContextLength / 128),
        WarmupSteps = 10,
        PeakLearningRate = 1e-3,
        SelfSampleAt = [0.5],
        SelfSampleProblems = 6,
    };

    private string Run(long chunks)
    {
        var log = new StringWriter();
        new TrainingRun(Plan(chunks), Directory, TrainedTinyModelFixture.Threads, TimeSpan.Zero, log).RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        return log.ToString();
    }

    [Fact]
    public void A_run_checkpoints_samples_itself_and_resumes_where_it_stopped()
    {
        var first = Run(chunks: 2);
        Assert.Contains("new run:", first);
        Assert.Contains("own samples, round 1: 6 problems x 4", first);
        Assert.Contains("checkpoint at chunk 2", first);
        Assert.True(File.Exists(PathOf("final.gguf")) && File.Exists(PathOf("loss.png")) && File.Exists(PathOf("own-samples-1.jsonl")));

        var second = Run(chunks: 3); // a longer plan in the same directory continues the run
        Assert.Contains("resuming at chunk 2/3", second);
        Assert.DoesNotContain("own samples", second); // the round was done before; its samples are reused
        Assert.Contains("chunk 3/3", second);
        var chunks = File.ReadLines(PathOf("loss.csv")).Skip(1).Select(l => long.Parse(l[..l.IndexOf(',')])).ToList();
        Assert.Equal(chunks.Order(), chunks); // no rows from before the resume point are repeated out of order
        Assert.Equal(3, chunks.Max());
    }

    [Fact]
    public void The_trained_file_keeps_the_tts_arith_vocabulary_and_chat_template()
    {
        Run(chunks: 1);
        using var reader = GgufReader.Open(PathOf("final.gguf"));
        Assert.Equal("tts-arith", reader.Get<string>("general.name"));
        Assert.Equal(SpmVocabulary.ChatMlTemplate, reader.Get<string>("tokenizer.chat_template"));
        Assert.Equal(TinyArithModel.Vocabulary.Count, reader.Get<string[]>("tokenizer.ggml.tokens").Length);
    }

    [Fact]
    public async Task The_managed_engine_runs_the_same_loop()
    {
        var plan = new TrainingPlan { Engine = "managed", Spec = TinyArithModel.Spec with { EmbeddingDim = 32, Heads = 2, KvHeads = 2, FeedForwardDim = 64 }, TokensPerStep = 256, Steps = TrainingData.WindowsPerChunk, WarmupSteps = 4, SolveOnly = true };
        var log = new StringWriter();
        await new TrainingRun(plan, Directory, TrainedTinyModelFixture.Threads, TimeSpan.FromHours(1), log).RunAsync(CancellationToken.None);
        Assert.Contains("chunk 1/1", log.ToString());
        Assert.Contains("checkpoint at chunk 1", log.ToString());
        using var reader = GgufReader.Open(PathOf("final.gguf"));
        Assert.Equal(SpmVocabulary.ChatMlTemplate, reader.Get<string>("tokenizer.chat_template"));
    }

    [Fact]
    public async Task A_run_can_start_from_another_runs_weights_and_refuses_a_file_of_another_shape()
    {
        var plan = new TrainingPlan { Engine = "managed", Spec = TinyArithModel.Spec with { EmbeddingDim = 32, Heads = 2, KvHeads = 2, FeedForwardDim = 64 }, TokensPerStep = 256, Steps = TrainingData.WindowsPerChunk, WarmupSteps = 4, SolveOnly = true };
        var source = PathOf("source.gguf");
        RandomLlamaModel.Write(source, plan.Spec, seed: 9, GgmlType.F32, TinyArithModel.Vocabulary, name: "tts-arith");

        var log = new StringWriter();
        await new TrainingRun(plan with { InitialWeights = source }, PathOf("continued"), TrainedTinyModelFixture.Threads, TimeSpan.FromHours(1), log).RunAsync(CancellationToken.None);
        Assert.Contains($"new run from {source}", log.ToString());
        Assert.Contains("chunk 1/1", log.ToString());

        var wrongShape = plan with { InitialWeights = source, Spec = plan.Spec with { EmbeddingDim = 64, Heads = 2, KvHeads = 2, FeedForwardDim = 128 } };
        var error = await Assert.ThrowsAsync<TtsOrchestrator.Core.UserInputException>(() =>
            new TrainingRun(wrongShape, PathOf("refused"), 1, TimeSpan.FromHours(1), TextWriter.Null).RunAsync(CancellationToken.None));
        Assert.Contains("--init", error.Message);
    }
}
