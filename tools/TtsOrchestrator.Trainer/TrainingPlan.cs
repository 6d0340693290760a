using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer;

/// <summary>
/// Everything that decides the trained model: shape, seed, steps, schedule and when the model samples its own
/// solutions. Two runs with the same plan see the same data in the same order.
/// </summary>
public sealed record TrainingPlan
{
    /// <summary>
    /// The embedded model's shape: about 3.5M parameters, 512 tokens of context. No grouped-query attention on purpose:
    /// llama.cpp's training graph reads K and V back from its KV cache, so the K and V projections (and the token
    /// embeddings) get no gradient and keep their random initial values. Square, full-rank random K and V lose
    /// nothing a trained Q and output projection cannot undo; GQA's narrower ones would.
    /// </summary>
    public static LlamaModelSpec ModelSpec { get; } = new(
        VocabSize: ArithVocabulary.Create().Count, EmbeddingDim: 256, Layers: 4, Heads: 8, KvHeads: 8, FeedForwardDim: 768, ContextLength: 512);

    public LlamaModelSpec Spec { get; init; } = ModelSpec;
    public int Seed { get; init; } = 1;
    /// <summary>Optimizer steps, each of <see cref="TokensPerStep"/> tokens.</summary>
    public long Steps { get; init; } = 10_000;
    /// <summary>
    /// Tokens per optimizer step. A quarter of the context: llama.cpp then steps after each quarter of a window, with
    /// the earlier quarters in its KV cache. Measured: four times the updates learn far faster per token than one.
    /// </summary>
    public int TokensPerStep { get; init; } = 512;
    public int StepsPerWindow => Spec.ContextLength / TokensPerStep;
    /// <remarks>Measured (128-token steps): the loss turns upward after ~1000 steps at 1.5e-4 and quickly at 3e-4; 8e-5 descends.</remarks>
    public double PeakLearningRate { get; init; } = 1e-3;
    /// <summary>The schedule decays (cosine) to this fraction of the peak.</summary>
    public double FinalLearningRateFraction { get; init; } = 0.1;
    public int WarmupSteps { get; init; } = 100;
    public double WeightDecay { get; init; } = 0.01;
    /// <summary>Fractions of <see cref="Steps"/> at which the model samples its own solutions for the verifier and synthesizer data.</summary>
    public IReadOnlyList<double> SelfSampleAt { get; init; } = [0.4, 0.7];
    public int SelfSampleProblems { get; init; } = 1_200;
    public int SelfSampleSolutions { get; init; } = 4;
    public double SelfSampleTemperature { get; init; } = 0.8;

    /// <summary>
    /// Which trainer runs: <c>llama</c> (llama.cpp's training API; K, V and embeddings stay frozen) or <c>managed</c>
    /// (ManagedTrainer: every tensor trains, AdamW with clipping; one optimizer step per two windows, and the
    /// schedule counts windows, so use <see cref="TokensPerStep"/> = the context with it).
    /// </summary>
    public string Engine { get; init; } = "managed";

    /// <summary>
    /// Loss on the assistant's turns only (managed trainer). The user turns hold random questions and, for the verifier
    /// and synthesizer, attempts that are wrong on purpose: learning to predict those teaches wrong arithmetic, and it
    /// drowns the one verdict token a verifier example has. llama.cpp's trainer always trains every position.
    /// </summary>
    public bool AssistantLossOnly { get; init; } = true;

    /// <summary>
    /// How much a verifier's verdict token (+ or - before its end of turn) weighs against any other assistant token.
    /// It is one bit among a few hundred trained tokens per window; at weight 1 the model answered + on priors
    /// (difficulty) and never learned to compare its redone step with the given one.
    /// </summary>
    public float VerdictWeight { get; init; } = 8;

    /// <summary>Highest problem level in the training data (a curriculum can start lower).</summary>
    public int MaxLevel { get; init; } = 6;
    /// <summary>Train the solve skill only (no verifier or synthesis examples, no own-sample rounds).</summary>
    public bool SolveOnly { get; init; }
    /// <summary>
    /// Half of the worked solutions (solve and synthesis targets) in a random valid order instead of the canonical one,
    /// so right answers are reached by many paths and slips land on different steps (what gives a vote something to do).
    /// </summary>
    public bool MixedOrders { get; init; }
    /// <summary>An F32 GGUF of this shape to continue from (null: random weights from <see cref="Seed"/>).</summary>
    public string? InitialWeights { get; init; }

    public long Chunks => Steps / (TrainingData.WindowsPerChunk * StepsPerWindow);

    /// <summary>Optimizer steps done after <paramref name="chunks"/> chunks.</summary>
    public long StepsAfter(long chunks) => chunks * TrainingData.WindowsPerChunk * StepsPerWindow;

    /// <summary>Linear warm-up, then cosine decay to <see cref="FinalLearningRateFraction"/> of the peak.</summary>
    public double LearningRate(long step)
    {
        if (step < WarmupSteps) return PeakLearningRate * (step + 1) / WarmupSteps;
        var progress = Math.Min(1, (double)(step - WarmupSteps) / Math.Max(1, Steps - WarmupSteps));
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return PeakLearningRate * (FinalLearningRateFraction + (1 - FinalLearningRateFraction) * cosine);
    }
}
