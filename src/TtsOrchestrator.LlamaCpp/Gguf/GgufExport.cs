using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Native;

namespace TtsOrchestrator.LlamaCpp.Gguf;

/// <summary>Target types of <see cref="GgufExport.Quantize"/> (values are llama.cpp's <c>llama_ftype</c>).</summary>
public enum LlamaFileType
{
    /// <summary>LLAMA_FTYPE_MOSTLY_F16: matrices in F16, norms (1-d tensors) stay F32.</summary>
    MostlyF16 = 1,

    /// <summary>LLAMA_FTYPE_MOSTLY_Q8_0: matrices in 8-bit blocks of 32 with one F16 scale each.</summary>
    MostlyQ8_0 = 7,
}

/// <summary>
/// Converts a GGUF model (typically a trainer's F32 checkpoint) to a smaller type with llama.cpp's own
/// quantizer, so the exported file is exactly what llama.cpp itself would produce.
/// </summary>
public static unsafe class GgufExport
{
    /// <summary>
    /// Writes <paramref name="output"/> from <paramref name="input"/> with tensors of <paramref name="type"/>.
    /// Every failure is one <see cref="LlamaException"/> naming both files; a failed run leaves no output file.
    /// </summary>
    public static void Quantize(string input, string output, LlamaFileType type, int threads)
    {
        if (!Enum.IsDefined(type)) throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported file type");
        if (!File.Exists(input))
            throw new LlamaException($"cannot export '{input}' to '{output}': the input model file does not exist");
        NativeLibraryLoader.EnsureInitialized();

        var p = NativeApi.llama_model_quantize_default_params();
        p.ftype = (int)type;
        p.nthread = Math.Max(1, threads);
        // llama.cpp writes the output as it goes; a crash or error must not leave a truncated model at the real path.
        var partial = output + ".partial";
        NativeLibraryLoader.ClearRecentErrors();
        var status = NativeApi.llama_model_quantize(Path.GetFullPath(input), Path.GetFullPath(partial), &p);
        if (status != 0)
        {
            if (File.Exists(partial)) File.Delete(partial);
            var reason = NativeLibraryLoader.RecentErrors();
            throw new LlamaException($"llama.cpp could not export '{input}' to '{output}' as {type}" + (reason.Length > 0 ? $": {reason}" : ""));
        }
        File.Move(partial, output, overwrite: true);
    }
}
