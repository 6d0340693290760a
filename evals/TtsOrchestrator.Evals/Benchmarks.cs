using TtsOrchestrator.Core;
using TtsOrchestrator.Evals.Arith;
using TtsOrchestrator.Evals.Code;
using TtsOrchestrator.Evals.MathTasks;

namespace TtsOrchestrator.Evals;

/// <summary>Benchmarks by name, for the commands that take <c>--benchmark</c>.</summary>
public static class Benchmarks
{
    public static IReadOnlyList<string> Names { get; } = ["arith", "gsm8k", "math500", "aime24", "amc23", "humaneval", "mbpp"];

    /// <summary>
    /// The items of <paramref name="name"/> (at most <paramref name="limit"/>): a built-in benchmark, or a JSONL path
    /// whose fields <paramref name="fields"/> maps (<see cref="JsonlBenchmark"/>); one clear error naming the choices otherwise.
    /// <paramref name="shots"/> worked examples go before each question where the benchmark has a source of them (<see cref="FewShot"/>).
    /// </summary>
    public static IReadOnlyList<BenchmarkItem> Load(string name, string? dataDir, int? limit, string? fields = null, int shots = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        if (shots > 0 && !FewShot.Benchmarks.Contains(name)) throw FewShot.NotAvailable(name);
        if (!Names.Contains(name) && JsonlBenchmark.IsPath(name)) return JsonlBenchmark.Load(name, fields, limit);
        if (fields is not null) throw new UserInputException($"--field applies to a JSONL file given as --benchmark, not to '{name}'", exitCode: 2);
        return Named(name, dataDir, limit, shots);
    }

    private static IReadOnlyList<BenchmarkItem> Named(string name, string? dataDir, int? limit, int shots) => name switch
    {
        "arith" => ArithTask.Load(limit),
        "gsm8k" => Gsm8kBenchmark.Load(dataDir, limit, shots),
        "math500" => Math500Benchmark.Load(dataDir, limit),
        "aime24" => Aime24Benchmark.Load(dataDir, limit),
        "amc23" => Amc23Benchmark.Load(dataDir, limit),
        "humaneval" => HumanEvalBenchmark.Load(dataDir, limit),
        "mbpp" => MbppBenchmark.Load(dataDir, limit, shots: shots),
        _ => throw new UserInputException($"unknown benchmark '{name}'; choose one of {string.Join(", ", Names)} or give a JSONL file with --field question=...,answer=...", exitCode: 2),
    };
}

/// <summary>Wilson score interval for a binomial proportion (better than the normal one near 0 and 1 and for small n).</summary>
public static class WilsonInterval
{
    public static (double Low, double High) Of(int successes, int trials, double z = 1.959963984540054)
    {
        if (trials == 0) return (0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
