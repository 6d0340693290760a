using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Evals.Arith;
using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer;

/// <summary>What an export wrote and how far its logits are from the checkpoint's on <see cref="Export.CheckChat"/>.</summary>
public sealed record ExportReport(string Path, LlamaFileType Type, long Bytes, LogitDifference Difference);

/// <summary>
/// Exports a training checkpoint as the embedded model: llama.cpp converts the F32 checkpoint to F16 or Q8_0,
/// then the export is checked against the checkpoint on one fixed solved chat, so a broken export shows at once.
/// </summary>
public static class Export
{
    /// <summary>The embedded model is committed to the repository; anything bigger is a mistake (e.g. an F32 export).</summary>
    public const long MaxBytes = 25_000_000;

    /// <summary>The check's conversation: a question and its worked solution, so the positions the model is sure of count too.</summary>
    public static IReadOnlyList<PromptMessage> CheckChat { get; } = SkillExamples.Solve(ArithProblem.Create("export-check", "17+25*3-4"));

    public static LlamaFileType ParseType(string type) => type.ToLowerInvariant() switch
    {
        "f16" => LlamaFileType.MostlyF16,
        "q8_0" => LlamaFileType.MostlyQ8_0,
        _ => throw new UserInputException($"unknown export type '{type}'; use f16 or q8_0", 2),
    };

    /// <summary>The name <c>--type</c> takes for <paramref name="type"/>.</summary>
    public static string TypeName(LlamaFileType type) => type switch
    {
        LlamaFileType.MostlyF16 => "f16",
        LlamaFileType.MostlyQ8_0 => "q8_0",
        _ => type.ToString(),
    };

    /// <summary>Quantizes <paramref name="checkpoint"/> to <paramref name="output"/>; a file already there is replaced only by a finished, checked export.</summary>
    /// <param name="maxBytes">Larger exports are refused (a parameter so tests need no 25 MB model).</param>
    public static ExportReport Run(string checkpoint, string output, LlamaFileType type, int threads, long maxBytes = MaxBytes)
    {
        // Checked here too, so the message names the file the user asked for, not the temporary one below.
        if (!File.Exists(checkpoint)) throw new UserInputException($"checkpoint '{checkpoint}' does not exist; pass the F32 .gguf a training run wrote (e.g. out/train/final.gguf)");
        if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } directory) Directory.CreateDirectory(directory);
        var fresh = output + ".new";
        try
        {
            GgufExport.Quantize(checkpoint, fresh, type, threads);
            var bytes = new FileInfo(fresh).Length;
            if (bytes > maxBytes)
                throw new UserInputException($"the {TypeName(type)} export of '{checkpoint}' is {bytes / 1e6:0.0} MB, over the {maxBytes / 1e6:0.###} MB " +
                                             $"limit for the embedded model; '{output}' was not written (try --type q8_0)");
            var difference = Compare(checkpoint, fresh, threads);
            File.Move(fresh, output, overwrite: true);
            return new ExportReport(output, type, bytes, difference);
        }
        finally
        {
            if (File.Exists(fresh)) File.Delete(fresh);
        }
    }

    /// <summary>Logits of <see cref="CheckChat"/>: the checkpoint with an exact (F32) cache, the export as the engine runs it.</summary>
    private static LogitDifference Compare(string checkpoint, string exported, int threads)
    {
        var vocabulary = ArithVocabulary.Create();
        var tokens = new ArithTokenizer(vocabulary).EncodeExample(CheckChat);
        float[] reference, candidate;
        using (var model = LlamaModel.Load(checkpoint, gpuLayers: 0))
        {
            if (model.VocabularySize != vocabulary.Count)
                throw new UserInputException($"'{checkpoint}' has {model.VocabularySize} tokens, not the {vocabulary.Count} of the tts-arith vocabulary; export a tts-train checkpoint");
            reference = LlamaLogits.Compute(model, tokens, threads, exactCache: true);
        }
        using (var model = LlamaModel.Load(exported, gpuLayers: 0))
            candidate = LlamaLogits.Compute(model, tokens, threads);
        return LogitDifference.Of(reference, candidate, vocabulary.Count);
    }
}
