using TtsOrchestrator.Core;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Evals.Tests.Runs;

/// <summary>run.json: a folder resumes only the run it holds.</summary>
public sealed class RunManifestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tts-manifest").FullName;

    private static RunManifest Eval(string strategy = "single", ulong seed = 0, string? model = "m.gguf") =>
        new("eval", "arith", model, seed) { Strategy = strategy };

    [Fact]
    public void The_first_claim_writes_the_manifest_and_the_same_run_passes_again()
    {
        Eval().Claim(_dir, "results.jsonl");
        Assert.True(File.Exists(Path.Combine(_dir, RunManifest.FileName)));
        Assert.DoesNotContain("\"k\"", File.ReadAllText(Path.Combine(_dir, RunManifest.FileName))); // eval manifests carry no sample fields
        Eval().Claim(_dir, "results.jsonl");
        Eval(model: null).Check(_dir, "results.jsonl"); // before the model loads its name is not compared
    }

    [Fact]
    public void Every_difference_is_named_in_one_message_and_nothing_changes()
    {
        Eval().Claim(_dir, "results.jsonl");
        var before = File.ReadAllText(Path.Combine(_dir, RunManifest.FileName));
        var e = Assert.Throws<UserInputException>(() => Eval("majority:n=4", seed: 3, model: "other.gguf").Claim(_dir, "results.jsonl"));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("strategy 'single', not 'majority:n=4'", e.Message);
        Assert.Contains("seed '0', not '3'", e.Message);
        Assert.Contains("model 'm.gguf', not 'other.gguf'", e.Message);
        Assert.Contains("choose another --out", e.Message);
        Assert.Equal(before, File.ReadAllText(Path.Combine(_dir, RunManifest.FileName)));
    }

    [Fact]
    public void A_few_shot_run_does_not_resume_a_zero_shot_one()
    {
        Eval().Claim(_dir, "results.jsonl");
        Assert.DoesNotContain("shots", File.ReadAllText(Path.Combine(_dir, RunManifest.FileName)));
        var e = Assert.Throws<UserInputException>(() => (Eval() with { Shots = 8 }).Check(_dir, "results.jsonl"));
        Assert.Contains("shots '0', not '8'", e.Message);
    }

    [Fact]
    public void A_folder_of_another_command_is_refused()
    {
        Eval().Claim(_dir, "results.jsonl");
        var e = Assert.Throws<UserInputException>(() => new RunManifest("sample", "arith", "m.gguf", 0) { K = 4 }.Check(_dir, "samples.jsonl"));
        Assert.Contains("holds a tts eval run", e.Message);
    }

    [Fact]
    public void Results_without_a_manifest_are_not_taken_over()
    {
        File.WriteAllText(Path.Combine(_dir, "results.jsonl"), "{\"id\":\"x\"}\n");
        var e = Assert.Throws<UserInputException>(() => Eval().Claim(_dir, "results.jsonl"));
        Assert.Contains("is not a tts eval run that can resume", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, RunManifest.FileName)));
    }

    [Fact]
    public void A_damaged_manifest_is_a_user_error()
    {
        File.WriteAllText(Path.Combine(_dir, RunManifest.FileName), "{ half");
        var e = Assert.Throws<UserInputException>(() => Eval().Check(_dir, "results.jsonl"));
        Assert.Contains("is not a tts run manifest", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
