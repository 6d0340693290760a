using System.Text.Json;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Serialization;

namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// <c>tts sample</c> as a library: K raw samples per problem, each graded, stored for offline curves. One request of
/// n=K per problem, so the engine prefills the prompt once and decodes the K samples together; problems run
/// <c>concurrency</c> at a time. The folder holds <c>run.json</c>, <c>samples.jsonl</c> (<see cref="SampleLine"/>,
/// resumable exactly like an eval's results) and <c>summary.json</c> (<see cref="SampleSummary"/>).
/// </summary>
public sealed class SampleRun(string folder, string benchmark, IReadOnlyList<BenchmarkItem> items, SampleRun.Settings settings, ulong seed, int concurrency)
{
    public const string SamplesFileName = "samples.jsonl";
    public const string SummaryFileName = "summary.json";

    /// <summary>How each problem's K samples are drawn (the spec keys of <c>majority</c> with the same defaults).</summary>
    public sealed record Settings(int K, double Temperature = 0.8, int MaxTokens = 512);

    public string SamplesPath => Path.Combine(folder, SamplesFileName);

    /// <summary>Worked examples the items' prompts show (recorded in run.json, so a resume cannot mix prompts).</summary>
    public int Shots { get; init; }

    /// <summary>What can be checked before a model loads (see <see cref="EvalRun.Check"/>). Changes nothing.</summary>
    public void Check()
    {
        Manifest(model: null).Check(folder, SamplesFileName);
        ResultsFile<SampleLine>.Read(SamplesPath);
    }

    public async Task<RunOutcome<SampleSummary, SampleLine>> RunAsync(IGenerator generator, Action<RunProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var manifest = Manifest(generator.Info.Model);
        manifest.Claim(folder, SamplesFileName);
        using var file = ResultsFile<SampleLine>.Open(SamplesPath);
        var done = file.Lines.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var alreadyDone = items.Count(i => done.Contains(i.Problem.Id));

        var outcome = await ResumableLoop.RunAsync(file, items, concurrency, (i, session, token) => SampleAsync(generator, i, session, token), progress, ct)
            .ConfigureAwait(false);

        var summary = SampleSummary.Of(manifest, outcome.Lines, items.Count);
        AtomicFile.WriteAllText(Path.Combine(folder, SummaryFileName), JsonSerializer.Serialize(summary, TtsJson.Options) + "\n");
        if (outcome.Cancelled) ct.ThrowIfCancellationRequested();
        return new RunOutcome<SampleSummary, SampleLine>(summary, outcome.Lines, alreadyDone, file.DroppedTornLine);
    }

    private RunManifest Manifest(string? model) =>
        new("sample", benchmark, model, seed) { K = settings.K, Temperature = settings.Temperature, MaxTokens = settings.MaxTokens, Shots = Shots };

    private async Task<SampleLine> SampleAsync(IGenerator generator, int i, ResumableLoop.Session session, CancellationToken ct)
    {
        var item = items[i];
        var problemSeed = Seeds.Derive(seed, i);
        var result = await generator.GenerateAsync(new GenerationRequest
        {
            Prompt = item.Problem.Prompt,
            N = settings.K,
            MaxTokens = settings.MaxTokens,
            Sampling = new SamplingOptions { Temperature = settings.Temperature, Seed = Seeds.Derive(problemSeed, 0) },
        }, ct).ConfigureAwait(false);

        var samples = new List<SampleRecord>(result.Completions.Count);
        foreach (var c in result.Completions.OrderBy(c => c.Index))
        {
            var answer = item.Problem.AnswerFormat.ExtractAnswer(c.Text);
            var grade = await item.GradeAsync(answer, ct).ConfigureAwait(false);
            samples.Add(new SampleRecord(answer, grade.Passed, c.GeneratedTokens, c.FinishReason, c.Text));
        }
        return new SampleLine(
            item.Problem.Id, i, problemSeed, item.Gold, item.Problem.Difficulty, settings.K, samples.Count(s => s.Correct),
            result.PromptTokensEvaluated, result.GeneratedTokens, Math.Round(result.Latency.TotalSeconds, 6), samples,
            session.Number, session.Seconds);
    }
}
