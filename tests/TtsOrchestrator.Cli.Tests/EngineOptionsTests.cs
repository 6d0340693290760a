using TtsOrchestrator.Tests.Shared;
using static TtsOrchestrator.Cli.Tests.CliHost;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>The engine options on the command line: parsed, checked before any engine starts, handed to the resolver.</summary>
public class EngineOptionsTests
{
    [Fact]
    public async Task Engine_options_reach_the_resolver()
    {
        var resolver = new FixedResolver(ScriptedGenerator.Cycling("#### 1"));
        var o = await Run(resolver, "run", "-s", "single", "-m", "x.gguf", "--context", "2048", "--threads", "3", "--gpu-layers", "-1", "--parallel", "8", "q");
        Assert.Equal(0, o.ExitCode);
        var s = resolver.Selection!;
        Assert.Equal(("x.gguf", 2048, 3, -1, 8), (s.ModelPath, s.ContextPerSequence, s.Threads, s.GpuLayers, s.MaxParallelSequences));
    }

    [Fact]
    public async Task Engine_options_left_out_are_null_so_the_engine_uses_its_defaults()
    {
        var resolver = new FixedResolver(ScriptedGenerator.Cycling("#### 1"));
        await Run(resolver, "run", "-s", "single", "q");
        Assert.Equal(new Engines.EngineSelection(null, null), resolver.Selection);
    }

    [Theory]
    [InlineData("--context", "0", "--context 0 must be greater than 0")]
    [InlineData("--threads", "-1", "--threads -1 must be greater than 0")]
    [InlineData("--parallel", "0", "--parallel 0 must be greater than 0")]
    [InlineData("--gpu-layers", "-2", "--gpu-layers -2 must be -1 (all layers) or a layer count of 0 or more")]
    [InlineData("--context", "lots", "lots")]
    public async Task Bad_engine_options_exit_2_before_any_engine_starts(string option, string value, string message)
    {
        var resolver = new FixedResolver(ScriptedGenerator.Cycling("#### 1"));
        AssertOneLineError(await Run(resolver, "run", "-s", "single", "-m", "x.gguf", option, value, "2+2"), 2, message);
        Assert.Null(resolver.Selection);
    }

    [Fact]
    public async Task Every_bad_value_is_reported_in_one_line()
    {
        var o = await Run("run", "-s", "single", "--context", "0", "--threads", "-1", "--max-samples", "0", "2+2");
        AssertOneLineError(o, 2, "--max-samples 0 must be greater than 0; --context 0 must be greater than 0; --threads -1 must be greater than 0");
    }

    [Fact]
    public async Task Model_and_endpoint_together_is_a_usage_error() =>
        AssertOneLineError(await Run("run", "-s", "single", "-m", "x.gguf", "--endpoint", "http://127.0.0.1:8080/v1", "2+2"), 2,
            "--model and --endpoint both name an engine; pass one of them");

    [Fact]
    public async Task In_process_engine_options_are_refused_with_an_endpoint() =>
        AssertOneLineError(await Run("run", "-s", "single", "--endpoint", "http://127.0.0.1:8080/v1", "--context", "4096", "--threads", "2", "2+2"), 2,
            "--endpoint does not take in-process engine options (--context, --threads); they apply with --model only");

    [Fact]
    public async Task Run_help_lists_the_engine_options()
    {
        var help = await Run("run", "--help");
        foreach (var text in new[] { "--context <tokens>", "Context per sample in tokens", "within 1024..2048", "--threads <n>", "--gpu-layers <n>", "-1 all, 0 none", "--parallel <n>", "-m, --model <path>" })
            Assert.Contains(text, help.Out);
    }
}
