namespace TtsOrchestrator.Core.Generation;

/// <summary>A generator that names a second model for judging (a process reward model, a judge).</summary>
public interface IHasVerifier
{
    IGenerator Verifier { get; }
}

/// <summary>
/// Pairs the model that writes solutions with the model that judges them (e.g. `--verifier-model`): samples go to
/// <paramref name="solver"/>, and strategies that score with a model ask <paramref name="verifier"/>
/// (see <c>StrategyRun.MeteredVerifier</c>). Disposing it disposes both.
/// </summary>
public sealed class GeneratorWithVerifier(IGenerator solver, IGenerator verifier) : IGenerator, IHasVerifier, IDisposable
{
    public GeneratorInfo Info => solver.Info;
    public IGenerator Verifier => verifier;

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default) =>
        solver.GenerateAsync(request, cancellationToken);

    public void Dispose()
    {
        (solver as IDisposable)?.Dispose();
        (verifier as IDisposable)?.Dispose();
    }
}
