using System.CommandLine;
using TtsOrchestrator.Evals;

namespace TtsOrchestrator.Cli;

/// <summary>
/// The options that pick the problems of a run (--benchmark, --limit, --seed, --concurrency, --field, --data-dir, --shots),
/// declared once for bench, eval and sample so they are spelled and documented alike. One instance per command.
/// </summary>
internal sealed class BenchmarkOptions(string limitDescription, string seedDescription, int defaultConcurrency, string concurrencyDescription)
{
    public Option<string> Benchmark { get; } = new("--benchmark", "-b")
    {
        Description = $"Benchmark: {string.Join(", ", Benchmarks.Names)}, or a JSONL file (see --field)",
        DefaultValueFactory = _ => "arith",
    };

    public Option<int?> Limit { get; } = new("--limit") { Description = limitDescription };

    public Option<ulong> Seed { get; } = new("--seed") { Description = seedDescription, DefaultValueFactory = _ => 0 };

    public Option<int> Concurrency { get; } = new("--concurrency") { Description = concurrencyDescription, DefaultValueFactory = _ => defaultConcurrency };

    public Option<string?> Fields { get; } = CommonOptions.Fields();

    public Option<int> Shots { get; } = new("--shots")
    {
        Description = $"Worked examples shown before each question as earlier chat turns ({string.Join(", ", FewShot.Benchmarks)}: their conventions are 8 and 3); 0 = zero-shot",
        DefaultValueFactory = _ => 0,
    };

    public Option<string?> DataDir { get; } = new("--data-dir") { Description = $"Folder of dataset files (default ${DataDirectory.EnvironmentVariable})" };
}
