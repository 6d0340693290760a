using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Cli.Engines;

/// <summary>
/// Resolves engines that ship with the CLI. The engines themselves arrive in their own projects; until
/// an engine is linked in, asking for it is a clear user error, never a silent fallback to a simulation.
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
                throw new UserInputException($"--endpoint '{endpoint}' is not an http(s) URL; write e.g. http://127.0.0.1:8080/v1", 2);
            throw new UserInputException($"--endpoint '{endpoint}': this build has no OpenAI-compatible engine yet; use --model PATH with a GGUF file");
        }
        var path = selection.ModelPath ?? EmbeddedModelPath;
        if (!File.Exists(path))
            throw new UserInputException(selection.ModelPath is null
                ? $"no --model given and the embedded default model is missing ({path}); pass --model PATH to a GGUF file"
                : $"--model '{path}' does not exist; pass the path of a GGUF model file");
        throw new UserInputException($"--model '{path}': this build has no llama.cpp engine yet; it lands with the in-process engine");
    }
}
