using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Cli.Engines;

/// <summary>Which engine a command should use and how to run it, as the user chose it on the command line.</summary>
/// <param name="ModelPath">A GGUF file for the in-process engine (null: the embedded default model).</param>
/// <param name="Endpoint">An OpenAI-compatible server instead of a local model.</param>
/// <remarks>The tuning values apply to the in-process engine; null leaves the engine's default.</remarks>
public sealed record EngineSelection(string? ModelPath, string? Endpoint)
{
    /// <summary>KV cells of each sequence: a sample's prompt plus its generated tokens.</summary>
    public int? ContextPerSequence { get; init; }
    /// <summary>CPU threads.</summary>
    public int? Threads { get; init; }
    /// <summary>Layers offloaded to the GPU; -1 = all.</summary>
    public int? GpuLayers { get; init; }
    /// <summary>Most sequences decoded together.</summary>
    public int? MaxParallelSequences { get; init; }
    /// <summary>A second GGUF that judges solutions (process reward model or judge); null: the solving model judges.</summary>
    public string? VerifierModelPath { get; init; }
}

/// <summary>
/// Turns the user's engine choice into a generator. Throws <see cref="Core.UserInputException"/>
/// naming the input when it cannot (missing file, unreachable server). Generators that hold native
/// resources are disposed by the command when it ends.
/// </summary>
public interface IGeneratorResolver
{
    Task<IGenerator> ResolveAsync(EngineSelection selection, CancellationToken cancellationToken);
}

public static class GeneratorResolverExtensions
{
    /// <summary>Resolves the generator, runs <paramref name="body"/> with it and disposes it (native engines hold models and threads).</summary>
    public static async Task<T> UseAsync<T>(this IGeneratorResolver engines, EngineSelection selection, Func<IGenerator, Task<T>> body, CancellationToken cancellationToken)
    {
        var generator = await engines.ResolveAsync(selection, cancellationToken).ConfigureAwait(false);
        try
        {
            return await body(generator).ConfigureAwait(false);
        }
        finally
        {
            switch (generator)
            {
                case IAsyncDisposable d: await d.DisposeAsync().ConfigureAwait(false); break;
                case IDisposable d: d.Dispose(); break;
            }
        }
    }
}
