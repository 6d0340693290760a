namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// <c>summary.json</c> of <c>tts eval</c>: the fields DESIGN.md's CLI contract names, plus the 95% Wilson interval
/// of the accuracy and the accuracy per difficulty. Computed from the result lines of the problems this invocation
/// selected, so a resumed run's summary covers old and new lines alike.
/// </summary>
/// <param name="Problems">Finished problems counted here (equals <paramref name="ProblemsRequested"/> once the run is complete).</param>
/// <param name="ProblemsRequested">Problems the invocation selected (--limit); more than <paramref name="Problems"/> after an interrupted run.</param>
/// <param name="AccuracyLow">Lower end of the 95% Wilson interval of <paramref name="Accuracy"/>.</param>
/// <param name="SamplesTotal">Independent samples drawn, all problems together (the cost ledgers' samples).</param>
/// <param name="VerifierQueries">Completions verifiers generated to judge samples.</param>
/// <param name="WallSeconds">Wall-clock time of the sessions that wrote the lines (each session until its last line).</param>
public sealed record EvalSummary(
    string Benchmark,
    string Strategy,
    string Model,
    ulong Seed,
    int Problems,
    int ProblemsRequested,
    int Correct,
    double Accuracy,
    double AccuracyLow,
    double AccuracyHigh,
    long SamplesTotal,
    double SamplesMean,
    long VerifierQueries,
    long PromptTokens,
    long GeneratedTokens,
    double GeneratedTokensMean,
    double WallSeconds,
    IReadOnlyList<DifficultyAccuracy> ByDifficulty)
{
    public const string FileName = "summary.json";

    public static EvalSummary Of(RunManifest manifest, IReadOnlyList<EvalResultLine> lines, int requested)
    {
        var correct = lines.Count(l => l.Correct);
        var (low, high) = WilsonInterval.Of(correct, lines.Count);
        var samples = lines.Sum(l => (long)l.Cost.Samples);
        var generated = lines.Sum(l => l.Cost.GeneratedTokens);
        return new EvalSummary(
            manifest.Benchmark, manifest.Strategy ?? "", manifest.Model ?? "", manifest.Seed,
            lines.Count, requested, correct, lines.Count > 0 ? (double)correct / lines.Count : 0, low, high,
            samples, Mean(samples, lines.Count), lines.Sum(l => (long)l.Cost.VerifierQueries),
            lines.Sum(l => l.Cost.PromptTokens), generated, Mean(generated, lines.Count),
            ResumableLoop.WallSeconds(lines),
            DifficultyAccuracy.Of(lines, l => l.Difficulty, l => l.Correct));
    }

    private static double Mean(long total, int count) => count > 0 ? (double)total / count : 0;
}
