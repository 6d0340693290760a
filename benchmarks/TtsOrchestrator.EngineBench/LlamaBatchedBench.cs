using System.Diagnostics;
using System.Text.Json;

namespace TtsOrchestrator.EngineBench;

/// <summary>
/// Runs llama.cpp's own llama-batched-bench (built from the pinned source) on the same model and
/// workload — shared prompt (-pps), the engine's KV layout, the same threads — and, through
/// LD_LIBRARY_PATH, on the very same llama.cpp libraries our engine loaded, so the comparison is of
/// the engines, not of two builds of the kernels. Its generated tokens per second over prefill plus
/// generation is the ceiling our engine is compared with.
/// </summary>
internal static class LlamaBatchedBench
{
    public sealed record Row(int Parallel, double GeneratedTokensPerSecond);

    /// <remarks>N=1 runs first and last; the first is cold (graph and buffer setup), so callers take the best N=1 row.</remarks>
    public static IReadOnlyList<Row> Run(string binary, string libraries, string model, int context, int prompt, int tokens, int n,
        int threads, int gpuLayers, bool unifiedKv)
    {
        var args = $"-m {model} -c {context} -b 512 -ub 512 -npp {prompt} -ntg {tokens} -npl 1,{n},1 -pps {(unifiedKv ? "-kvu" : "")} " +
                   $"-t {threads} -ngl {gpuLayers} --output-format jsonl";
        var start = new ProcessStartInfo(binary, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = libraries, // ggml looks for its CPU variants here
        };
        start.Environment["LD_LIBRARY_PATH"] = libraries;
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{binary} {args} failed: {stderr.Result}");
        return (stdout + "\n" + stderr.Result).Split('\n')
            .Where(l => l.StartsWith("{\"n_kv_max\"", StringComparison.Ordinal))
            .Select(l =>
            {
                using var doc = JsonDocument.Parse(l);
                var r = doc.RootElement;
                var pl = r.GetProperty("pl").GetInt32();
                // Generated tokens over the whole time (shared prefill + generation), as our engine is measured.
                return new Row(pl, pl * r.GetProperty("tg").GetInt32() / r.GetProperty("t").GetDouble());
            })
            .ToList();
    }

    /// <summary>A folder where the engine's libraries answer to the sonames llama-batched-bench was linked against.</summary>
    public static string LibraryFolder(string engineLibraries)
    {
        var dir = Directory.CreateTempSubdirectory("tts-bench-libs").FullName;
        foreach (var file in Directory.GetFiles(engineLibraries, "*.so"))
            File.CreateSymbolicLink(Path.Combine(dir, Path.GetFileName(file)), file);
        (string Soname, string Prefix)[] aliases = [("libllama.so.0", "libllama."), ("libggml.so.0", "libggml."), ("libggml-base.so.0", "libggml-base.so")];
        foreach (var (soname, prefix) in aliases)
        {
            var target = Directory.GetFiles(engineLibraries, prefix + "*").FirstOrDefault(f => f.EndsWith(".so", StringComparison.Ordinal));
            if (target is not null) File.CreateSymbolicLink(Path.Combine(dir, soname), target);
        }
        return dir;
    }
}
