using System.Text.Json;
using TtsOrchestrator.Cli.Engines;
using TtsOrchestrator.LlamaCpp.Engine;
using static TtsOrchestrator.Cli.Tests.CliHost;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>
/// `tts run --model` on the real in-process llama.cpp engine and a tiny random-weight GGUF. The model's
/// answers are noise, so these tests check the shape of the output and the cost, not the answer.
/// Small max_tokens keep each run to a few hundred tokens.
/// </summary>
public class LlamaRunTests(TinyModelFile tiny) : IClassFixture<TinyModelFile>
{
    // One thread: test classes and projects run in parallel, and ggml's spin-waiting worker threads
    // slow a tiny model down many times over on a busy CPU.
    private Task<Outcome> RunTiny(params string[] args) => Run([.. args, "--model", tiny.Path, "--threads", "1"]);

    [Fact]
    public async Task Majority_on_a_gguf_prints_the_answer_and_the_cost()
    {
        var o = await RunTiny("run", "-s", "majority:n=4,max_tokens=16", "What is 2+3?");
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        Assert.StartsWith("Answer: ", o.Out);
        Assert.Contains(",max_tokens=16 on tiny.gguf · 4 samples · ", o.Out);
    }

    [Fact]
    public async Task Json_reports_real_samples_and_tokens()
    {
        var o = await RunTiny("run", "-s", "majority:n=4,max_tokens=16", "--json", "What is 2+3?");
        Assert.Equal(0, o.ExitCode);
        using var doc = JsonDocument.Parse(o.Out);
        Assert.Equal("tiny.gguf", doc.RootElement.GetProperty("model").GetString());
        var result = doc.RootElement.GetProperty("result");
        var cost = result.GetProperty("cost");
        Assert.Equal(4, cost.GetProperty("samples").GetInt32());
        Assert.InRange(cost.GetProperty("generated_tokens").GetInt64(), 1, 4 * 16);
        Assert.True(cost.GetProperty("prompt_tokens").GetInt64() > 0);
        Assert.Equal(4, result.GetProperty("candidates").GetArrayLength());
    }

    [Fact]
    public async Task A_token_budget_caps_what_the_engine_generates()
    {
        var o = await RunTiny("run", "-s", "single", "--max-tokens", "5", "--json", "What is 2+3?");
        Assert.Equal(0, o.ExitCode);
        using var doc = JsonDocument.Parse(o.Out);
        Assert.InRange(doc.RootElement.GetProperty("result").GetProperty("cost").GetProperty("generated_tokens").GetInt64(), 1, 5);
    }

    [Fact]
    public async Task Engine_options_on_the_command_line_run()
    {
        var o = await Run("run", "-s", "majority:n=4,max_tokens=8", "--model", tiny.Path,
            "--context", "256", "--threads", "1", "--gpu-layers", "0", "--parallel", "2", "2+2");
        Assert.Equal("", o.Err);
        Assert.Contains("4 samples", o.Out);
    }

    [Fact]
    public async Task The_resolver_starts_llama_cpp_with_the_chosen_options_and_defaults_elsewhere()
    {
        var selection = new EngineSelection(tiny.Path, null) { ContextPerSequence = 256, Threads = 1, MaxParallelSequences = 4 };
        using var engine = Assert.IsType<LlamaGenerator>(await new DefaultGeneratorResolver().ResolveAsync(selection, CancellationToken.None));
        var defaults = new LlamaEngineOptions { ModelPath = tiny.Path };
        Assert.Equal(defaults with { ContextPerSequence = 256, Threads = 1, MaxParallelSequences = 4 }, engine.Options);
        Assert.Equal("tiny.gguf", engine.Info.Model);
    }

    [Fact]
    public async Task A_truncated_gguf_is_one_line_naming_the_file()
    {
        var path = tiny.PathOf("truncated.gguf");
        var bytes = await File.ReadAllBytesAsync(tiny.Path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
        var o = await Run("run", "-s", "single", "--model", path, "2+2");
        AssertOneLineError(o, 1, path);
        Assert.StartsWith($"tts: llama.cpp could not load model '{path}'", o.Err);
    }

    [Fact]
    public async Task A_text_file_named_gguf_is_one_line_saying_so()
    {
        var path = tiny.PathOf("notes.gguf");
        await File.WriteAllTextAsync(path, "this is not a model");
        AssertOneLineError(await Run("run", "-s", "single", "--model", path, "2+2"), 1, $"model file '{path}' is not a GGUF file");
    }

    [Fact]
    public async Task Engine_option_limits_of_llama_cpp_are_one_line_before_loading()
    {
        // The CLI checks signs; the engine's own ranges (e.g. a context of at least 64) come from the engine, still before loading.
        var o = await Run("run", "-s", "single", "--model", tiny.Path, "--context", "10", "2+2");
        AssertOneLineError(o, 1, "invalid engine options: context per sequence 10 is below 64");
    }

    [Fact]
    public async Task A_verifier_model_judges_while_the_model_solves()
    {
        var o = await RunTiny("run", "-s", "best-of-n:n=2,max_tokens=8", "--verifier-model", tiny.Path, "--json", "What is 2+3?");
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        using var doc = JsonDocument.Parse(o.Out);
        var cost = doc.RootElement.GetProperty("result").GetProperty("cost");
        Assert.Equal(2, cost.GetProperty("samples").GetInt32());
        Assert.True(cost.GetProperty("verifier_queries").GetInt32() > 0); // the step checks, counted apart from the samples
    }

    [Fact]
    public async Task A_missing_verifier_model_is_one_clear_line() =>
        AssertOneLineError(await RunTiny("run", "-s", "best-of-n:n=2", "--verifier-model", "/nonexistent/judge.gguf", "2+2"), 1,
            "--verifier-model '/nonexistent/judge.gguf' does not exist");
}
