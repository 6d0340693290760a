using TtsOrchestrator.LlamaCpp.Training;

namespace TtsOrchestrator.Trainer;

/// <summary>What the training loop needs from a trainer: llama.cpp's (<see cref="LlamaTrainer"/>) or the managed one.</summary>
public interface IModelTrainer : IDisposable
{
    EpochLoss Epoch(IReadOnlyList<int[]> windows, double validationFraction);
    double Evaluate(IReadOnlyList<int[]> windows);
    void Save(string path);
}

/// <summary>llama.cpp's trainer behind <see cref="IModelTrainer"/>.</summary>
public sealed class LlamaModelTrainer(LlamaTrainer trainer) : IModelTrainer
{
    public EpochLoss Epoch(IReadOnlyList<int[]> windows, double validationFraction) => trainer.Epoch(windows, validationFraction);
    public double Evaluate(IReadOnlyList<int[]> windows) => trainer.Evaluate(windows);
    public void Save(string path) => trainer.Save(path);
    public void Dispose() => trainer.Dispose();
}
