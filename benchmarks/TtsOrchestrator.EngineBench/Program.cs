using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.EngineBench;
using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Native;

// N samples of one prompt through our engine, batched with shared prefill vs N sequential calls,
// against llama.cpp's own llama-batched-bench on the same model and libraries. Rounds are
// interleaved and medians reported, because this machine is shared and noisy.
var modelOption = new Option<string>("--model") { Description = "small (4.5M F32) | medium (100M F16) | tiny | path to a GGUF", DefaultValueFactory = _ => "small" };
var nOption = new Option<int>("--n") { Description = "samples of the one prompt", DefaultValueFactory = _ => 16 };
var promptOption = new Option<int>("--prompt-tokens") { DefaultValueFactory = _ => 32 };
var tokensOption = new Option<int>("--new-tokens") { DefaultValueFactory = _ => 128 };
var threadsOption = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount };
var gpuOption = new Option<int>("--gpu-layers") { Description = "-1 = all (when a GPU backend is loaded)", DefaultValueFactory = _ => 0 };
var roundsOption = new Option<int>("--rounds") { Description = "interleaved measurement rounds (medians reported)", DefaultValueFactory = _ => 3 };
var ceilingOption = new Option<string?>("--llama-batched-bench") { Description = "path to llama.cpp's llama-batched-bench (skipped when absent)" };
var unifiedOption = new Option<bool>("--unified-kv") { Description = "one KV stream shared by all sequences (default: one per sequence)" };
var outOption = new Option<string?>("--out") { Description = "append the result as one JSON line to this file" };
var root = new RootCommand("Engine throughput: batched-with-shared-prefill vs sequential, and vs llama-batched-bench.")
{
    modelOption, nOption, promptOption, tokensOption, threadsOption, gpuOption, roundsOption, ceilingOption, unifiedOption, outOption,
};
root.SetAction(async parsed =>
{
    var repo = FindRepoRoot();
    var model = BenchModels.Resolve(parsed.GetValue(modelOption)!, Path.Combine(repo, ".native", "bench-models"));
    int n = parsed.GetValue(nOption), prompt = parsed.GetValue(promptOption), tokens = parsed.GetValue(tokensOption);
    int threads = parsed.GetValue(threadsOption), gpuLayers = parsed.GetValue(gpuOption), rounds = parsed.GetValue(roundsOption);
    var perSequence = (prompt + tokens + 255) / 256 * 256;

    using var engine = LlamaGenerator.Start(new LlamaEngineOptions
    {
        ModelPath = model, ContextPerSequence = perSequence, MaxParallelSequences = n, BatchSize = 512, Threads = threads,
        GpuLayers = gpuLayers < 0 ? null : gpuLayers, UnifiedKvCache = parsed.GetValue(unifiedOption),
    });
    var promptText = PromptOfLength(engine, prompt);
    GenerationRequest Request(int count, ulong seed) => new()
    {
        Prompt = Prompt.Raw(promptText), N = count, MaxTokens = tokens, MinTokens = tokens,
        Sampling = new SamplingOptions { Temperature = 0.8, Seed = seed },
    };
    async Task<double> Batched() => await Measure(async () => (await engine.GenerateAsync(Request(n, 1))).GeneratedTokens);
    async Task<double> Sequential() => await Measure(async () =>
    {
        var total = 0;
        for (var i = 0; i < n; i++) total += (await engine.GenerateAsync(Request(1, (ulong)i))).GeneratedTokens;
        return total;
    });

    await Batched(); // warm-up at full size: JIT tiers, KV and compute buffers settle before anything is timed
    var binary = parsed.GetValue(ceilingOption);
    var libraries = binary is not null && File.Exists(binary) ? LlamaBatchedBench.LibraryFolder(NativeLibraryLoader.Directory!) : null;
    List<double> oursN = [], ours1 = [], theirsN = [], theirs1 = [], decodeShares = [];
    for (var round = 0; round < rounds; round++)
    {
        var decodeBefore = engine.DecodeTime;
        var watch = Stopwatch.StartNew();
        oursN.Add(await Batched());
        decodeShares.Add((engine.DecodeTime - decodeBefore) / watch.Elapsed);
        ours1.Add(await Sequential());
        if (libraries is null) continue;
        var rows = LlamaBatchedBench.Run(binary!, libraries, model, perSequence * n, prompt, tokens, n, threads, gpuLayers, engine.UnifiedKvCache);
        theirs1.Add(rows.Where(r => r.Parallel == 1).Max(r => r.GeneratedTokensPerSecond));
        theirsN.Add(rows.Single(r => r.Parallel == n).GeneratedTokensPerSecond);
    }

    double? Median(List<double> xs) => xs.Count == 0 ? null : xs.Order().ElementAt(xs.Count / 2);
    var result = new
    {
        model = Path.GetFileName(model), parameters = engine.Info.ParameterCount, variant = NativeLibraryLoader.Variant?.ToString(),
        n, prompt_tokens = prompt, new_tokens = tokens, threads, gpu_layers = gpuLayers, rounds, unified_kv = engine.UnifiedKvCache,
        ours_batched_tps = Median(oursN), ours_sequential_tps = Median(ours1), ours_ratio = Median(oursN) / Median(ours1),
        llama_n_tps = Median(theirsN), llama_1_tps = Median(theirs1), llama_ratio = Median(theirsN) / Median(theirs1),
        ours_over_llama = Median(oursN) / Median(theirsN),
        ratio_over_llama_ratio = Median(oursN) / Median(ours1) / (Median(theirsN) / Median(theirs1)),
        decode_share = Median(decodeShares),
        peak_rss_mb = PeakResidentMegabytes(),
    };
    Console.WriteLine($"model {result.model} ({result.parameters:N0} params, {result.variant}), N={n}, prompt {prompt}, {tokens} new tokens, " +
                      $"{threads} threads, medians of {rounds} rounds");
    Console.WriteLine($"  ours   N={n,-3} {result.ours_batched_tps,8:0} tok/s   N=1 x{n} {result.ours_sequential_tps,8:0} tok/s   ratio {result.ours_ratio:0.00}x" +
                      $"   ({result.decode_share:P0} of batched time inside llama_decode)");
    if (libraries is not null)
    {
        Console.WriteLine($"  llama  N={n,-3} {result.llama_n_tps,8:0} tok/s   N=1      {result.llama_1_tps,8:0} tok/s   ratio {result.llama_ratio:0.00}x");
        Console.WriteLine($"  ours/llama at N={n}: {result.ours_over_llama:P0}   our ratio / llama's ratio: {result.ratio_over_llama_ratio:P0}");
    }
    else Console.WriteLine("  (no llama-batched-bench given: ceiling skipped)");
    Console.WriteLine($"  peak resident memory {result.peak_rss_mb:0} MB");
    if (parsed.GetValue(outOption) is { } outFile) await File.AppendAllTextAsync(outFile, JsonSerializer.Serialize(result) + "\n");
});
return await root.Parse(args).InvokeAsync();

static async Task<double> Measure(Func<Task<int>> generatedTokens)
{
    var sw = Stopwatch.StartNew();
    var tokens = await generatedTokens();
    return tokens / sw.Elapsed.TotalSeconds;
}

static string PromptOfLength(LlamaGenerator engine, int tokens)
{
    const string words = "The quick brown fox jumps over the lazy dog while seven wizards quietly judge boxing matches. ";
    var text = string.Concat(Enumerable.Repeat(words, tokens));
    while (text.Length > 1 && engine.PromptTokens(Prompt.Raw(text)).Length > tokens) text = text[..^1];
    return text;
}

static double PeakResidentMegabytes() =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).FirstOrDefault();

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "TtsOrchestrator.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
