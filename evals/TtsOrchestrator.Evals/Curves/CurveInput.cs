using System.Text.Json;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Curves;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Evals.Curves;

/// <summary>
/// The samples of a <c>tts sample</c> folder as curve input: every problem's answers and grades in drawing order
/// (<see cref="ProblemSamples"/>), the folder's <c>run.json</c> for labels, and notes on anything that bends the
/// curves (a torn last line, problems with fewer samples than others, answers graded both ways).
/// </summary>
/// <param name="Manifest">The folder's run.json; null when it has none or it cannot be read (see the notes).</param>
/// <param name="Fewest">The fewest samples any problem has: curves are measured up to this k.</param>
/// <param name="Most">The most samples any problem has.</param>
public sealed record CurveInput(string Folder, RunManifest? Manifest, IReadOnlyList<ProblemSamples> Problems, int Fewest, int Most, IReadOnlyList<string> Notes)
{
    /// <summary>Every scored sample's verifier score and grade (<c>tts sample --verifier</c>); empty when the samples are unscored.</summary>
    public IReadOnlyList<(double Score, bool Correct)> VerifierScores { get; init; } = [];

    /// <summary>What a wrong sample's answer gets appended when the same answer is graded right elsewhere in its problem.</summary>
    public const string WrongSuffix = "\u0000wrong";

    /// <summary>Reads <paramref name="folder"/>/samples.jsonl (a torn last line is dropped) and run.json; user errors for a missing or empty folder.</summary>
    public static CurveInput Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
            throw new UserInputException(File.Exists(folder)
                ? $"--samples {folder} is a file; pass the --out folder of a tts sample run"
                : $"--samples {folder} does not exist; pass the --out folder of a tts sample run");
        var path = Path.Combine(folder, SampleRun.SamplesFileName);
        if (!File.Exists(path))
            throw new UserInputException($"{path} not found; --samples must be the --out folder of a tts sample run");

        var contents = ResultsFile<SampleLine>.Read(path);
        var notes = new List<string>();
        if (contents.TornTail) notes.Add($"{SampleRun.SamplesFileName} ends in a partly written line (a run stopped while writing it); left it out");

        var problems = new List<ProblemSamples>(contents.Lines.Count);
        var empty = new List<string>();
        var regraded = 0;
        foreach (var line in contents.Lines)
        {
            if (line.Samples is not { Count: > 0 }) { empty.Add(line.Id); continue; }
            problems.Add(ToProblem(line, out var conflict));
            if (conflict) regraded++;
        }
        if (problems.Count == 0)
            throw new UserInputException(contents.Lines.Count == 0
                ? $"{path} holds no samples; run tts sample with --out {folder} first"
                : $"{path}: none of its {contents.Lines.Count} problems has any samples; run tts sample again with a larger --k");
        if (empty.Count > 0) notes.Add($"{empty.Count} problems without samples were left out (first: {empty[0]})");
        if (regraded > 0)
            notes.Add($"{regraded} problems have equal answers graded both right and wrong (code tasks); their wrong ones vote as an answer of their own");

        var fewest = problems.Min(p => p.N);
        var most = problems.Max(p => p.N);
        if (fewest < most)
        {
            var short_ = problems.First(p => p.N == fewest);
            notes.Add($"problems hold {fewest} to {most} samples; curves stop at k = {fewest}, the fewest ({problems.Count(p => p.N == fewest)} problems, first: {short_.Id})");
        }
        var manifest = ReadManifest(folder, notes);
        var scored = contents.Lines.SelectMany(l => l.Samples ?? []).Where(s => s.Score is not null).Select(s => (s.Score!.Value, s.Correct)).ToList();
        return new CurveInput(folder, manifest, problems, fewest, most, notes) { VerifierScores = scored };
    }

    /// <summary>
    /// A sample line as curve input: answers and grades in order. Where one answer string is graded both right and
    /// wrong (code whose hidden tests are flaky or depend on more than the answer text), the wrong samples' answer
    /// becomes distinct (<see cref="WrongSuffix"/>), so they do not vote with the right ones.
    /// </summary>
    public static ProblemSamples ToProblem(SampleLine line, out bool regraded)
    {
        ArgumentNullException.ThrowIfNull(line);
        var samples = line.Samples ?? [];
        var right = new HashSet<string>(StringComparer.Ordinal);
        var wrong = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in samples)
            if (s.Answer is { } a) (s.Correct ? right : wrong).Add(a);
        right.IntersectWith(wrong);
        regraded = right.Count > 0;
        var answers = samples.Select(s => s.Answer is { } a && !s.Correct && right.Contains(a) ? a + WrongSuffix : s.Answer).ToArray();
        return new ProblemSamples(line.Id, line.Difficulty, answers, samples.Select(s => s.Correct).ToArray());
    }

    private static RunManifest? ReadManifest(string folder, List<string> notes)
    {
        var path = Path.Combine(folder, RunManifest.FileName);
        if (!File.Exists(path))
        {
            notes.Add($"{path} not found; the curves are unlabelled");
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), TtsJson.Options);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            notes.Add($"{path} could not be read ({e.Message}); the curves are unlabelled");
            return null;
        }
    }
}
