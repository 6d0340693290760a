using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Evals.Arith;
using TtsOrchestrator.LlamaCpp.Gguf;
using TtsOrchestrator.LlamaCpp.Training;

namespace TtsOrchestrator.Trainer;

/// <summary>Where a run stands; written with every checkpoint so an interrupted run resumes there.</summary>
public sealed record TrainingState
{
    public long Chunk { get; init; }
    public long Tokens { get; init; }
    public double TrainSeconds { get; init; }
    public int SelfSampleRounds { get; init; }
    /// <summary>Halved each time the loss blows up and the run steps back to its last checkpoint.</summary>
    public double LearningRateScale { get; init; } = 1;
}

/// <summary>
/// The training loop: chunks of packed windows through <see cref="LlamaTrainer"/>, a progress line per chunk
/// (loss, tokens/s, learning rate, ETA), and every few minutes a checkpoint (weights, state, loss log, validation
/// loss and greedy accuracy, loss plot). Own-sample rounds run at the fractions the plan names. A non-finite loss
/// rolls back to the last checkpoint with half the learning rate.
/// </summary>
public sealed class TrainingRun(TrainingPlan plan, string directory, int threads, TimeSpan checkpointEvery, TextWriter log)
{
    /// <summary>A chunk loss this far (nats) above the best so far counts as a blow-up, like a non-finite one.</summary>
    private const double BlowUpMargin = 1.0;

    private string CheckpointPath => Path.Combine(directory, "checkpoint.gguf");
    private string StatePath => Path.Combine(directory, "state.json");
    private string LogPath => Path.Combine(directory, "loss.csv");
    public string FinalPath => Path.Combine(directory, "final.gguf");
    private readonly ArithTokenizer _tokenizer = new(ArithVocabulary.Create());

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var vocabulary = ArithVocabulary.Create();
        var data = new TrainingData(_tokenizer, plan.Spec.ContextLength, plan.Seed, plan.MaxLevel, plan.SolveOnly, plan.MixedOrders);
        var validation = data.ValidationWindows(16);
        var accuracyProblems = ArithSplits.Validation.GroupBy(p => p.Level).SelectMany(g => g.Take(20)).ToList();

        var state = LoadState();
        if (state is null)
        {
            if (plan.InitialWeights is null) RandomLlamaModel.Write(CheckpointPath, plan.Spec, plan.Seed, GgmlType.F32, vocabulary, name: "tts-arith");
            else File.Copy(InitialWeightsOrThrow(plan.InitialWeights), CheckpointPath, overwrite: true);
            state = new TrainingState();
            File.WriteAllText(LogPath, "chunk,step,tokens,train_seconds,learning_rate,train_loss,validation_loss,greedy_accuracy\n");
            Save(state);
            log.WriteLine($"new run{(plan.InitialWeights is null ? "" : $" from {plan.InitialWeights}")}: {plan.Spec.ParameterCount / 1e6:0.00}M parameters, {plan.Steps} steps of {plan.TokensPerStep} tokens (windows of {plan.Spec.ContextLength}), seed {plan.Seed}");
        }
        else
        {
            TrimLog(state.Chunk);
            log.WriteLine($"resuming at chunk {state.Chunk}/{plan.Chunks} ({state.Tokens / 1e6:0.0}M tokens, {state.TrainSeconds / 60:0} min trained)");
        }

        var ownSamples = LoadOwnSamples(state.SelfSampleRounds);
        var trainer = OpenTrainer(state);
        var sinceCheckpoint = Stopwatch.StartNew();
        var bestLoss = double.PositiveInfinity;
        try
        {
            while (state.Chunk < plan.Chunks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!plan.SolveOnly && state.SelfSampleRounds < plan.SelfSampleAt.Count && state.Chunk >= plan.SelfSampleAt[state.SelfSampleRounds] * plan.Chunks)
                {
                    trainer.Save(CheckpointPath);
                    ownSamples = await SampleOwnSolutionsAsync(state.SelfSampleRounds);
                    state = state with { SelfSampleRounds = state.SelfSampleRounds + 1 };
                    bestLoss = double.PositiveInfinity; // new data, new loss level
                    Save(state);
                }

                var windows = data.Chunk(state.Chunk, ownSamples);
                var watch = Stopwatch.StartNew();
                var loss = trainer.Epoch(windows, validationFraction: 0).Train;
                var seconds = watch.Elapsed.TotalSeconds;
                var step = plan.StepsAfter(state.Chunk + 1);
                if (!double.IsFinite(loss) || (step > plan.WarmupSteps && loss > bestLoss + BlowUpMargin))
                {
                    log.WriteLine($"chunk {state.Chunk}: loss {loss:0.000} (best so far {bestLoss:0.000}); back to the last checkpoint with half the learning rate");
                    bestLoss = double.PositiveInfinity;
                    trainer.Dispose();
                    state = LoadState()! with { LearningRateScale = state.LearningRateScale / 2 };
                    Save(state);
                    TrimLog(state.Chunk);
                    trainer = OpenTrainer(state);
                    continue;
                }

                var tokens = (long)windows.Count * plan.Spec.ContextLength;
                bestLoss = Math.Min(bestLoss, loss);
                state = state with { Chunk = state.Chunk + 1, Tokens = state.Tokens + tokens, TrainSeconds = state.TrainSeconds + seconds };
                var eta = TimeSpan.FromSeconds(state.TrainSeconds / state.Chunk * (plan.Chunks - state.Chunk));
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"chunk {state.Chunk}/{plan.Chunks} step {step} loss {loss:0.0000} lr {plan.LearningRate(step) * state.LearningRateScale:0.00e0} {tokens / seconds:0} tok/s ETA {eta:hh\\:mm\\:ss}{Skipped(trainer)}"));
                AppendLog(state, step, loss, double.NaN, double.NaN);

                if (sinceCheckpoint.Elapsed >= checkpointEvery || state.Chunk == plan.Chunks)
                {
                    await CheckpointAsync(trainer, state, validation, accuracyProblems);
                    sinceCheckpoint.Restart();
                }
            }
        }
        finally
        {
            trainer.Dispose();
        }
        File.Copy(CheckpointPath, FinalPath, overwrite: true);
        log.WriteLine($"done: {FinalPath}");
    }

    private string InitialWeightsOrThrow(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"--init {path}: no such file; give a previous run's final.gguf or checkpoint.gguf.");
        using var reader = GgufReader.Open(path);
        // The managed trainer reads F16 too (an exported model can be trained further); llama.cpp's trains F32 only.
        var readable = reader.Tensors.All(t => t.Type == GgmlType.F32 || (plan.Engine == "managed" && t.Type == GgmlType.F16));
        var shape = (reader.Get<uint>("llama.embedding_length"), reader.Get<uint>("llama.block_count"), readable);
        if (shape != ((uint)plan.Spec.EmbeddingDim, (uint)plan.Spec.Layers, true))
            throw new UserInputException($"--init {path}: not a model of this run's shape (d={plan.Spec.EmbeddingDim}, {plan.Spec.Layers} layers) in F32{(plan.Engine == "managed" ? " or F16" : "")}; pass the same --dim/--layers as its run{(plan.Engine == "managed" ? "" : ", and a checkpoint rather than an exported F16 file")}.");
        return path;
    }

    private IModelTrainer OpenTrainer(TrainingState state)
    {
        var firstStep = plan.StepsAfter(state.Chunk);
        var resumed = firstStep > 0;
        // Checkpoints saved before LlamaTrainer.Save restored the chat template lack it; the samplers need it.
        GgufRewrite.AddMissingMetadata(CheckpointPath, new Dictionary<string, object> { ["tokenizer.chat_template"] = SpmVocabulary.ChatMlTemplate });
        // AdamW's moments are not in the checkpoint: after a resume they restart from zero, so ramp up again briefly.
        float Rate(long local) => (float)(plan.LearningRate(firstStep + local) * state.LearningRateScale * (resumed ? Math.Min(1, (local + 1) / 200.0) : 1));
        return plan.Engine == "managed"
            ? Managed.ManagedTrainer.Open(CheckpointPath, Rate, (float)plan.WeightDecay, targetWeights: plan.AssistantLossOnly ? window => _tokenizer.TargetWeights(window, plan.VerdictWeight) : null,
                contextLength: plan.Spec.ContextLength)
            : new LlamaModelTrainer(LlamaTrainer.Open(CheckpointPath, threads, Rate, (float)plan.WeightDecay, plan.TokensPerStep));
    }

    private async Task CheckpointAsync(IModelTrainer trainer, TrainingState state, IReadOnlyList<int[]> validation, IReadOnlyList<ArithProblem> accuracyProblems)
    {
        var validationLoss = trainer.Evaluate(validation);
        var temporary = CheckpointPath + ".tmp";
        trainer.Save(temporary);
        File.Move(temporary, CheckpointPath, overwrite: true);
        Save(state);

        using var sampler = new ModelSampler(CheckpointPath, threads);
        var accuracy = await sampler.GreedyAccuracyAsync(accuracyProblems);
        var overall = accuracy.Values.Average();
        AppendLog(state, plan.StepsAfter(state.Chunk), double.NaN, validationLoss, overall);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"checkpoint at chunk {state.Chunk}: validation loss {validationLoss:0.0000}, greedy accuracy {overall:P0} (by level {string.Join(" ", accuracy.Select(kv => $"{kv.Key}:{kv.Value:P0}"))})"));
        LossPlot.Write(LogPath, Path.Combine(directory, "loss.png"));
    }

    private async Task<List<SampledSolutions>> SampleOwnSolutionsAsync(int round)
    {
        var watch = Stopwatch.StartNew();
        var problems = ArithSplits.Train(plan.Seed * 1_000 + round + 1).Take(plan.SelfSampleProblems).ToList();
        using var sampler = new ModelSampler(CheckpointPath, threads);
        var samples = await sampler.SampleAsync(problems, plan.SelfSampleSolutions, plan.SelfSampleTemperature, (ulong)(plan.Seed * 1_000 + round));
        File.WriteAllLines(SamplesPath(round), samples.Select(s => JsonSerializer.Serialize(s, TtsJson.Compact)));
        var correct = samples.Zip(problems).Average(x => x.First.Solutions.Average(s => s.TrimEnd().EndsWith("#### " + x.Second.Answer, StringComparison.Ordinal) ? 1.0 : 0.0));
        log.WriteLine($"own samples, round {round + 1}: {problems.Count} problems x {plan.SelfSampleSolutions} in {watch.Elapsed.TotalSeconds:0} s, {correct:P0} right");
        return samples;
    }

    private static string Skipped(IModelTrainer trainer) =>
        trainer is Managed.ManagedTrainer { SkippedSteps: > 0 } managed ? $" ({managed.SkippedSteps} non-finite updates skipped)" : "";

    private string SamplesPath(int round) => Path.Combine(directory, $"own-samples-{round + 1}.jsonl");

    /// <summary>The latest round's samples: they show the mistakes the model makes now.</summary>
    private List<SampledSolutions> LoadOwnSamples(int rounds) => rounds == 0 ? [] :
        File.ReadLines(SamplesPath(rounds - 1)).Select(l => JsonSerializer.Deserialize<SampledSolutions>(l, TtsJson.Compact)!).ToList();

    private TrainingState? LoadState() =>
        File.Exists(StatePath) && File.Exists(CheckpointPath) ? JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(StatePath), TtsJson.Options) : null;

    private void Save(TrainingState state)
    {
        var temporary = StatePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, TtsJson.Options));
        File.Move(temporary, StatePath, overwrite: true);
    }

    private void AppendLog(TrainingState state, long step, double trainLoss, double validationLoss, double accuracy) =>
        File.AppendAllText(LogPath, string.Create(CultureInfo.InvariantCulture,
            $"{state.Chunk},{step},{state.Tokens},{state.TrainSeconds:0.0},{plan.LearningRate(step) * state.LearningRateScale:0.000000},{Csv(trainLoss)},{Csv(validationLoss)},{Csv(accuracy)}\n"));

    /// <summary>Drops log rows written after the checkpoint a run resumes from (they will be trained again).</summary>
    private void TrimLog(long chunk) =>
        File.WriteAllLines(LogPath, File.ReadAllLines(LogPath).Where((line, i) => i == 0 || long.Parse(line[..line.IndexOf(',')], CultureInfo.InvariantCulture) <= chunk));

    private static string Csv(double value) => double.IsNaN(value) ? "" : value.ToString("0.00000", CultureInfo.InvariantCulture);
}
