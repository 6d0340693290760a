using System.Text.Json;
using System.Text.Json.Serialization;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Serialization;

namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// <c>run.json</c>: what an output folder holds results of. Written before the first result, it lets a rerun with the
/// same --out resume, and refuses one that asks for something else (another strategy, benchmark, seed, model, k…)
/// instead of mixing two experiments in one results file.
/// </summary>
/// <param name="Kind">The command that owns the folder: <c>eval</c> or <c>sample</c>.</param>
/// <param name="Model">The generator's model name; null while it is not known yet (before the model loads).</param>
public sealed record RunManifest(string Kind, string Benchmark, string? Model, ulong Seed)
{
    public const string FileName = "run.json";

    /// <summary>The canonical strategy spec (eval).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Strategy { get; init; }
    /// <summary>Samples per problem (sample).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? K { get; init; }
    /// <summary>Sampling temperature (sample).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Temperature { get; init; }
    /// <summary>Worked examples before each question (<see cref="FewShot"/>); 0, and not written, for zero-shot runs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Shots { get; init; }
    /// <summary>Token limit per sample (sample).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxTokens { get; init; }
    /// <summary>The verifier that scored every sample, e.g. "prm:min" (sample with --verifier); null when unscored.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Verifier { get; init; }

    /// <summary>
    /// Checks <paramref name="folder"/> against this manifest without changing anything: a user error naming every
    /// difference, or when the folder holds <paramref name="resultsFile"/> but no manifest (not a tts run).
    /// A null <see cref="Model"/> is not compared.
    /// </summary>
    public void Check(string folder, string resultsFile)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            var results = Path.Combine(folder, resultsFile);
            if (File.Exists(results) && new FileInfo(results).Length > 0)
                throw new UserInputException($"{results} exists but {path} does not, so it is not a tts {Kind} run that can resume; choose another --out (nothing was changed)");
            return;
        }
        var existing = Load(path);
        if (existing.Kind != Kind)
            throw new UserInputException($"--out {folder} holds a tts {existing.Kind} run ({path}); tts {Kind} needs a folder of its own: choose another --out (nothing was changed)", exitCode: 2);
        var differences = Differences(existing);
        if (differences.Count > 0)
            throw new UserInputException(
                $"--out {folder} holds a tts {existing.Kind} run ({path}) with {string.Join(", ", differences)}; " +
                "rerun with the same options to resume it, or choose another --out (nothing was changed)", exitCode: 2);
    }

    /// <summary>Checks the folder (see <see cref="Check"/>) and writes the manifest when there is none yet.</summary>
    public void Claim(string folder, string resultsFile)
    {
        if (Model is null) throw new InvalidOperationException("the model must be known before a folder is claimed");
        Check(folder, resultsFile);
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, TtsJson.Options) + "\n");
    }

    private static RunManifest Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), TtsJson.Options)
                   ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{path} is not a tts run manifest ({e.Message}); choose another --out (nothing was changed)", inner: e);
        }
    }

    /// <summary>"strategy 'single', not 'majority:n=4'" (the folder's value, then this run's) for every field that differs.</summary>
    private List<string> Differences(RunManifest existing)
    {
        var differences = new List<string>();
        void Compare<TValue>(string name, TValue had, TValue asked, bool skip = false)
        {
            if (!skip && !EqualityComparer<TValue>.Default.Equals(had, asked))
                differences.Add($"{name} '{had?.ToString() ?? "none"}', not '{asked?.ToString() ?? "none"}'");
        }
        Compare("benchmark", existing.Benchmark, Benchmark);
        Compare("strategy", existing.Strategy, Strategy);
        Compare("seed", existing.Seed, Seed);
        Compare("shots", existing.Shots, Shots);
        Compare("model", existing.Model, Model, skip: Model is null);
        Compare("k", existing.K, K);
        Compare("temperature", existing.Temperature, Temperature);
        Compare("max_tokens", existing.MaxTokens, MaxTokens);
        Compare("verifier", existing.Verifier, Verifier);
        return differences;
    }
}
