using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Engine;

namespace TtsOrchestrator.Cli.Engines;

/// <summary>
/// Resolves engines that ship with the CLI: a GGUF model (the embedded default when none is named) runs
/// in-process on llama.cpp. An engine that is not linked in yet is a clear user error, never a silent
/// fallback to a simulation.
/// </summary>
public sealed class DefaultGeneratorResolver : IGeneratorResolver
{
    /// <summary>Where the embedded default model lives, relative to the tts executable.</summary>
    public static string EmbeddedModelPath => Path.Combine(AppContext.BaseDirectory, "models", "tts-arith.gguf");

    public Task<IGenerator> ResolveAsync(EngineSelection selection, CancellationToken cancellationToken)
    {
        if (selection.Endpoint is { } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new UserInputException($"--endpoint '{endpoint}' is not an http(s) URL; write e.g. http://127.0.0.1:8080/v1", ExitCodes.Usage);
            throw new UserInputException($"--endpoint '{endpoint}': this build has no OpenAI-compatible engine yet; use --model PATH with a GGUF file");
        }
        var path = selection.ModelPath ?? EmbeddedModelPath;
        if (!File.Exists(path))
            throw new UserInputException(selection.ModelPath is null
                ? $"no --model given and the embedded default model is missing ({path}); pass --model PATH to a GGUF file"
                : $"--model '{path}' does not exist; pass the path of a GGUF model file");
        if (selection.VerifierModelPath is { } verifierPath && !File.Exists(verifierPath))
            throw new UserInputException($"--verifier-model '{verifierPath}' does not exist; pass the path of a GGUF model file");
        cancellationToken.ThrowIfCancellationRequested();
        // Loading is synchronous native work that cannot be interrupted; failures are one-line LlamaExceptions.
        var solver = LlamaGenerator.Start(LlamaOptions(path, selection));
        if (selection.VerifierModelPath is null) return Task.FromResult<IGenerator>(solver);
        try
        {
            return Task.FromResult<IGenerator>(new GeneratorWithVerifier(solver, LlamaGenerator.Start(LlamaOptions(selection.VerifierModelPath, selection))));
        }
        catch
        {
            solver.Dispose();
            throw;
        }
    }

    /// <summary>The engine options for <paramref name="path"/>: the user's values where given, the engine's defaults elsewhere.</summary>
    internal static LlamaEngineOptions LlamaOptions(string path, EngineSelection selection)
    {
        var defaults = new LlamaEngineOptions { ModelPath = path };
        return defaults with
        {
            ContextPerSequence = selection.ContextPerSequence ?? defaults.ContextPerSequence,
            Threads = selection.Threads ?? defaults.Threads,
            GpuLayers = selection.GpuLayers ?? defaults.GpuLayers,
            MaxParallelSequences = selection.MaxParallelSequences ?? defaults.MaxParallelSequences,
        };
    }
}
