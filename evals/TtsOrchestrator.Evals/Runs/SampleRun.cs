using System.Text.Json;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Scoring;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Core.Strategies;

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
    /// <param name="Verifier">A <see cref="SolutionScoring"/> verifier that scores every sample (for measuring its error rates offline); null for none.</param>
    /// <param name="Aggregation">How <c>prm</c> folds step scores.</param>
    public sealed record Settings(int K, double Temperature = 0.8, int MaxTokens = 512, string? Verifier = null, string Aggregation = "min")
    {
        /// <summary>The verifier as run.json records it, e.g. <c>prm:min</c>.</summary>
        public string? VerifierLabel => Verifier is null ? null : Verifier == "prm" ? $"prm:{Aggregation}" : Verifier;
    }

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
        new("sample", benchmark, model, seed)
        {
            K = settings.K, Temperature = settings.Temperature, MaxTokens = settings.MaxTokens, Shots = Shots, Verifier = settings.VerifierLabel,
        };

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
            SelfCertainty = settings.Verifier == "self-certainty",
        }, ct).ConfigureAwait(false);

        var completions = result.Completions.OrderBy(c => c.Index).ToList();
        var candidates = completions.Select(c => Candidate.From(c.Index, c, item.Problem.AnswerFormat.ExtractAnswer(c.Text))).ToList();
        var scores = settings.Verifier is { } verifier
            ? await SolutionScoring.ScoreAsync(verifier, settings.Aggregation, item.Problem, candidates, _ => (generator as IHasVerifier)?.Verifier ?? generator, ct).ConfigureAwait(false)
            : null;
        var samples = new List<SampleRecord>(completions.Count);
        for (var j = 0; j < completions.Count; j++)
        {
            var grade = await item.GradeAsync(candidates[j].Answer, ct).ConfigureAwait(false);
            samples.Add(new SampleRecord(candidates[j].Answer, grade.Passed, completions[j].GeneratedTokens, completions[j].FinishReason, completions[j].Text) { Score = scores?[j] });
        }
        return new SampleLine(
            item.Problem.Id, i, problemSeed, item.Gold, item.Problem.Difficulty, settings.K, samples.Count(s => s.Correct),
            result.PromptTokensEvaluated, result.GeneratedTokens, Math.Round(result.Latency.TotalSeconds, 6), samples,
            session.Number, session.Seconds);
    }
}
