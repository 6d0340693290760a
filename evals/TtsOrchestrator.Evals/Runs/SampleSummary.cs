using System.Text.Json.Serialization;

namespace TtsOrchestrator.Evals.Runs;

/// <summary><c>summary.json</c> of <c>tts sample</c>, computed from the lines of the selected problems.</summary>
/// <param name="Problems">Finished problems counted here (equals <paramref name="ProblemsRequested"/> once the run is complete).</param>
/// <param name="PassAt1">Mean over problems of the share of correct samples (the unbiased pass@1).</param>
/// <param name="PassAtK">Share of problems with at least one correct sample among their K (coverage).</param>
/// <param name="WallSeconds">Wall-clock time of the sessions that wrote the lines.</param>
public sealed record SampleSummary(
    string Benchmark,
    string Model,
    int K,
    double Temperature,
    int MaxTokens,
    ulong Seed,
    int Problems,
    int ProblemsRequested,
    long SamplesTotal,
    [property: JsonPropertyName("pass_at_1")] double PassAt1,
    double PassAtK,
    long PromptTokens,
    long GeneratedTokens,
    double WallSeconds)
{
    public static SampleSummary Of(RunManifest manifest, IReadOnlyList<SampleLine> lines, int requested) => new(
        manifest.Benchmark, manifest.Model ?? "", manifest.K ?? 0, manifest.Temperature ?? 0, manifest.MaxTokens ?? 0, manifest.Seed,
        lines.Count, requested, lines.Sum(l => (long)l.Samples.Count),
        lines.Count > 0 ? lines.Average(l => l.Samples.Count > 0 ? (double)l.Correct / l.Samples.Count : 0) : 0,
        lines.Count > 0 ? (double)lines.Count(l => l.Correct > 0) / lines.Count : 0,
        lines.Sum(l => l.PromptTokens), lines.Sum(l => l.GeneratedTokens), ResumableLoop.WallSeconds(lines));
}
