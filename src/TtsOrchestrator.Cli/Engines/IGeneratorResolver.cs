using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Cli.Engines;

/// <summary>Which engine a command should use, as the user chose it on the command line.</summary>
/// <param name="ModelPath">A GGUF file for the in-process engine (null: the embedded default model).</param>
/// <param name="Endpoint">An OpenAI-compatible server instead of a local model.</param>
public sealed record EngineSelection(string? ModelPath, string? Endpoint);

/// <summary>
/// Turns the user's engine choice into a generator. Throws <see cref="Core.UserInputException"/>
/// naming the input when it cannot (missing file, unreachable server). Generators that hold native
/// resources are disposed by the command when it ends.
/// </summary>
public interface IGeneratorResolver
{
    Task<IGenerator> ResolveAsync(EngineSelection selection, CancellationToken cancellationToken);
}
