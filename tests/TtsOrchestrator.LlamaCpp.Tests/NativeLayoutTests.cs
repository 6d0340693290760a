using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using TtsOrchestrator.LlamaCpp.Native;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.LlamaCpp.Tests;

/// <summary>
/// Compiles a C program against the pinned llama.h that prints sizeof and offsetof of every field of
/// every mirrored struct (field names are taken from the C# mirrors, which use llama.h's names), and
/// compares them with the marshalled layout. A drift in the header fails here, not in memory.
/// </summary>
public class NativeLayoutTests
{
    private static readonly (Type Mirror, string CName)[] Structs =
    [
        (typeof(LlamaModelParams), "struct llama_model_params"),
        (typeof(LlamaContextParams), "struct llama_context_params"),
        (typeof(LlamaBatch), "struct llama_batch"),
        (typeof(LlamaChatMessage), "struct llama_chat_message"),
        (typeof(LlamaSamplerChainParams), "struct llama_sampler_chain_params"),
        (typeof(GgmlThreadpoolParams), "struct ggml_threadpool_params"),
        (typeof(LlamaTokenData), "llama_token_data"),
        (typeof(LlamaTokenDataArray), "llama_token_data_array"),
        (typeof(LlamaOptParams), "struct llama_opt_params"),
        (typeof(GgmlOptOptimizerParams), "struct ggml_opt_optimizer_params"),
        (typeof(LlamaModelQuantizeParams), "struct llama_model_quantize_params"),
    ];

    [Fact]
    public void Every_mirrored_struct_matches_the_header()
    {
        var expected = CompileAndRunLayoutProgram();
        foreach (var (mirror, cName) in Structs)
        {
            Assert.Equal(expected[$"{cName} sizeof"], Marshal.SizeOf(mirror));
            foreach (var field in mirror.GetFields(BindingFlags.Public | BindingFlags.Instance))
                Assert.True(expected[$"{cName} {field.Name}"] == (long)Marshal.OffsetOf(mirror, field.Name),
                    $"{cName}.{field.Name}: header offset {expected[$"{cName} {field.Name}"]}, mirror offset {Marshal.OffsetOf(mirror, field.Name)}");
        }
    }

    /// <summary>
    /// The header fixes the layout, the library the values: the defaults llama-quant.cpp documents read back
    /// intact, including max_buf_size after the pointers, so the library was built from this header.
    /// </summary>
    [Fact]
    public void Quantize_defaults_read_back_as_the_library_defines_them()
    {
        NativeLibraryLoader.EnsureInitialized();
        var p = NativeApi.llama_model_quantize_default_params();
        Assert.Equal(7, p.ftype); // LLAMA_FTYPE_MOSTLY_Q8_0
        Assert.True(p.quantize_output_tensor);
        Assert.False(p.allow_requantize || p.only_copy || p.pure || p.keep_split || p.dry_run);
        Assert.Equal(IntPtr.Zero, p.imatrix);
        Assert.Equal(IntPtr.Zero, p.prune_layers);
        Assert.Equal(8UL << 30, (ulong)p.max_buf_size); // LLAMA_QUANT_MAX_BUF_SIZE
    }

    private static Dictionary<string, long> CompileAndRunLayoutProgram()
    {
        var dir = Directory.CreateTempSubdirectory("tts-layout").FullName;
        var source = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"llama.h\"\nint main(void) {\n");
        foreach (var (mirror, cName) in Structs)
        {
            source.AppendLine($"  printf(\"{cName} sizeof %zu\\n\", sizeof({cName}));");
            foreach (var f in mirror.GetFields(BindingFlags.Public | BindingFlags.Instance))
                source.AppendLine($"  printf(\"{cName} {f.Name} %zu\\n\", offsetof({cName}, {f.Name}));");
        }
        source.AppendLine("  return 0;\n}");
        File.WriteAllText(Path.Combine(dir, "layout.c"), source.ToString());

        var include = Path.Combine(RepoPaths.LlamaSource, "include");
        var ggml = Path.Combine(RepoPaths.LlamaSource, "ggml", "include");
        Run("cc", $"-std=c11 -I{include} -I{ggml} -o {dir}/layout {dir}/layout.c", dir);
        return Run($"{dir}/layout", "", dir)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => long.Parse(l[(l.LastIndexOf(' ') + 1)..]));
    }

    private static string Run(string file, string args, string dir)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir })!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {args} failed: {error}");
        return output;
    }
}
