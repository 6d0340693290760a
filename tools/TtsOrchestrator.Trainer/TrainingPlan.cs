using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer;

/// <summary>
/// Everything that decides the trained model: shape, seed, steps, schedule and when the model samples its own
/// solutions. Two runs with the same plan see the same data in the same order.
/// </summary>
public sealed record TrainingPlan
{
    /// <summary>The embedded model's shape: about 3.3M parameters, 512 tokens of context.</summary>
    public static LlamaModelSpec ModelSpec { get; } = new(
        VocabSize: ArithVocabulary.Create().Count, EmbeddingDim: 256, Layers: 4, Heads: 8, KvHeads: 4, FeedForwardDim: 768, ContextLength: 512);

    public LlamaModelSpec Spec { get; init; } = ModelSpec;
    public int Seed { get; init; } = 1;
    /// <summary>Optimizer steps; each is one window of <see cref="LlamaModelSpec.ContextLength"/> tokens.</summary>
    public long Steps { get; init; } = 12_000;
    /// <remarks>Measured: with 512-token steps the loss climbs once the rate passes about 5e-4.</remarks>
    public double PeakLearningRate { get; init; } = 3e-4;
    /// <summary>The schedule decays (cosine) to this fraction of the peak.</summary>
    public double FinalLearningRateFraction { get; init; } = 0.1;
    public int WarmupSteps { get; init; } = 200;
    public double WeightDecay { get; init; } = 0.01;
    /// <summary>Fractions of <see cref="Steps"/> at which the model samples its own solutions for the verifier and synthesizer data.</summary>
    public IReadOnlyList<double> SelfSampleAt { get; init; } = [0.4, 0.7];
    public int SelfSampleProblems { get; init; } = 2_000;
    public int SelfSampleSolutions { get; init; } = 4;
    public double SelfSampleTemperature { get; init; } = 0.8;

    public long Chunks => Steps / TrainingData.WindowsPerChunk;

    /// <summary>Linear warm-up, then cosine decay to <see cref="FinalLearningRateFraction"/> of the peak.</summary>
    public double LearningRate(long step)
    {
        if (step < WarmupSteps) return PeakLearningRate * (step + 1) / WarmupSteps;
        var progress = Math.Min(1, (double)(step - WarmupSteps) / Math.Max(1, Steps - WarmupSteps));
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return PeakLearningRate * (FinalLearningRateFraction + (1 - FinalLearningRateFraction) * cosine);
    }
}
