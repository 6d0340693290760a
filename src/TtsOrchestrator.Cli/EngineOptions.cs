using System.CommandLine;
using TtsOrchestrator.Cli.Engines;
using TtsOrchestrator.LlamaCpp.Engine;

namespace TtsOrchestrator.Cli;

/// <summary>
/// The engine options (--model or --endpoint, and the in-process engine's --context, --threads,
/// --gpu-layers, --parallel), declared once so every command that runs a model spells and documents
/// them alike. One instance per command, since an option belongs to the command it is added to.
/// </summary>
internal sealed class EngineOptions
{
    // The engine's own defaults, quoted in the help so it never drifts from what the engine does.
    private static readonly LlamaEngineOptions Defaults = new() { ModelPath = "" };

    public Option<string> Model { get; } = new("--model", "-m")
    {
        Description = "GGUF model file for the in-process llama.cpp engine (default: the embedded model)",
        HelpName = "path",
    };

    public Option<string> VerifierModel { get; } = new("--verifier-model")
    {
        Description = "GGUF model that judges solutions for verifier=prm|judge strategies (default: the solving model itself)",
        HelpName = "path",
    };

    public Option<string> Endpoint { get; } = new("--endpoint")
    {
        Description = "OpenAI-compatible server URL (vLLM, llama-server) instead of a local model",
        HelpName = "url",
    };

    public Option<int?> Context { get; } = new("--context")
    {
        Description = "Context per sample in tokens, prompt and answer together; KV memory grows with --context × --parallel (default: the model's training context, within 1024..2048)",
        HelpName = "tokens",
    };

    public Option<int?> Threads { get; } = new("--threads")
    {
        Description = "CPU threads for the in-process engine (default: all cores)",
        HelpName = "n",
    };

    public Option<int?> GpuLayers { get; } = new("--gpu-layers")
    {
        Description = "Model layers to offload to the GPU: -1 all, 0 none (default: all when a GPU build of llama.cpp is loaded)",
        HelpName = "n",
    };

    public Option<int?> Parallel { get; } = new("--parallel")
    {
        Description = $"Most samples decoded together in one batch; more samples queue (default {Defaults.MaxParallelSequences})",
        HelpName = "n",
    };

    /// <summary>Every option, in help order, for <c>Command.Options</c>.</summary>
    public IEnumerable<Option> All => [Model, VerifierModel, Endpoint, Context, Threads, GpuLayers, Parallel];

    /// <summary>Options that only tune the in-process engine.</summary>
    private IEnumerable<Option> LocalTuning => [Context, Threads, GpuLayers, Parallel];

    /// <summary>The user's engine choice; bad values are noted in <paramref name="checks"/>, never loaded.</summary>
    public EngineSelection Bind(ParseResult parsed, OptionChecks checks)
    {
        var gpuLayers = parsed.GetValue(GpuLayers);
        var selection = new EngineSelection(parsed.GetValue(Model), parsed.GetValue(Endpoint))
        {
            ContextPerSequence = checks.Positive(parsed.GetValue(Context), "--context"),
            Threads = checks.Positive(parsed.GetValue(Threads), "--threads"),
            GpuLayers = checks.Check(gpuLayers, n => n >= -1, $"--gpu-layers {gpuLayers} must be -1 (all layers) or a layer count of 0 or more"),
            MaxParallelSequences = checks.Positive(parsed.GetValue(Parallel), "--parallel"),
            VerifierModelPath = parsed.GetValue(VerifierModel),
        };
        if (selection.Endpoint is null) return selection;

        // A server runs its own model with its own settings: say so rather than ignore what the user typed.
        checks.Require(selection.ModelPath is null, "--model and --endpoint both name an engine; pass one of them");
        var ignored = LocalTuning.Where(o => parsed.GetResult(o) is not null).Select(o => o.Name).ToList();
        checks.Require(ignored.Count == 0, $"--endpoint does not take in-process engine options ({string.Join(", ", ignored)}); they apply with --model only");
        return selection;
    }
}
