using System.Text.Json;
using TtsOrchestrator.Tests.Shared;
using static TtsOrchestrator.Cli.Tests.CliHost;

namespace TtsOrchestrator.Cli.Tests;

public class CliTests
{
    private static readonly CliHost.FixedResolver Scripted = new(ScriptedGenerator.Cycling("#### 4", "#### 4", "#### 5"));

    [Fact]
    public async Task Strategies_lists_single_and_majority_with_their_keys()
    {
        var o = await CliHost.Run("strategies");
        Assert.Equal(0, o.ExitCode);
        foreach (var text in new[] { "single", "majority", "temperature", "max_tokens", "integer 1..1024" }) Assert.Contains(text, o.Out);
    }

    [Fact]
    public async Task Strategies_json_is_machine_readable()
    {
        var o = await CliHost.Run("strategies", "--json");
        using var doc = JsonDocument.Parse(o.Out);
        var majority = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "majority");
        var n = majority.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("name").GetString() == "n");
        Assert.Equal((16, "integer", 1.0, 1024.0), (n.GetProperty("default").GetInt32(), n.GetProperty("type").GetString(), n.GetProperty("min").GetDouble(), n.GetProperty("max").GetDouble()));
    }

    [Fact]
    public async Task A_typo_in_the_strategy_name_suggests_the_right_one()
    {
        var o = await CliHost.Run(Scripted, "run", "--strategy", "majorty:n=4", "2+2");
        AssertOneLineError(o, 2, "unknown strategy 'majorty' (did you mean 'majority'?)");
    }

    [Theory]
    [InlineData("majority:n=0", "n=0 is out of range; n is integer 1..1024")]
    [InlineData("majority:k=3", "unknown key 'k' for 'majority'")]
    [InlineData("majority:temperature=warm", "temperature='warm' is not a number")]
    public async Task Bad_spec_values_exit_2_with_one_line(string spec, string message) =>
        AssertOneLineError(await CliHost.Run(Scripted, "run", "-s", spec, "2+2"), 2, message);

    [Fact]
    public async Task Run_prints_the_answer_votes_and_cost()
    {
        var o = await CliHost.Run(Scripted, "run", "-s", "majority:n=3", "2+2");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("Answer: 4", o.Out);
        Assert.Contains("3 samples", o.Out);
        Assert.Contains("67%", o.Out);
        Assert.Equal("", o.Err);
    }

    [Fact]
    public async Task Run_json_holds_answer_candidates_cost_and_trace()
    {
        var o = await CliHost.Run(Scripted, "run", "-s", "majority:n=3", "--seed", "9", "--json", "2+2");
        using var doc = JsonDocument.Parse(o.Out);
        var result = doc.RootElement.GetProperty("result");
        Assert.Equal("4", result.GetProperty("answer").GetString());
        Assert.Equal(3, result.GetProperty("candidates").GetArrayLength());
        Assert.Equal(3, result.GetProperty("cost").GetProperty("samples").GetInt32());
        Assert.Equal("completed", result.GetProperty("stop_reason").GetString());
        Assert.True(result.GetProperty("trace").GetArrayLength() >= 2);
        Assert.Equal("scripted", doc.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Budget_options_reach_the_strategy()
    {
        var g = ScriptedGenerator.Cycling("#### 4");
        var o = await CliHost.Run(new CliHost.FixedResolver(g), "run", "-s", "majority:n=16", "--max-samples", "5", "2+2");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal(5, g.Requests.Single().N);
        Assert.Contains("stop: SampleBudget", o.Out);
    }

    [Theory]
    [InlineData("--max-samples", "0", "--max-samples 0 must be greater than 0")]
    [InlineData("--timeout", "-1", "--timeout -1 must be a positive number of seconds")]
    [InlineData("--max-samples", "many", "many")]
    public async Task Bad_budget_values_exit_2(string option, string value, string message) =>
        AssertOneLineError(await CliHost.Run(Scripted, "run", "-s", "single", option, value, "2+2"), 2, message);

    [Fact]
    public async Task An_empty_strategy_is_a_usage_error() =>
        AssertOneLineError(await CliHost.Run(Scripted, "run", "-s", "", "2+2"), 2, "strateg");

    [Fact]
    public async Task Unknown_command_is_a_usage_error() =>
        AssertOneLineError(await CliHost.Run("evaluate"), 2, "Unrecognized command or argument 'evaluate'");

    [Theory]
    [InlineData("--stratgy", "unknown option '--stratgy' (did you mean '--strategy'?)")]
    [InlineData("--stratgy=majority", "unknown option '--stratgy' (did you mean '--strategy'?)")]
    [InlineData("--frobnicate", "unknown option '--frobnicate' (see 'tts run --help')")]
    public async Task A_mistyped_option_is_named_with_the_option_it_likely_meant(string typed, string message) =>
        AssertOneLineError(await CliHost.Run(Scripted, "run", typed, "majority", "2+2"), 2, message);

    [Fact]
    public async Task A_missing_model_file_names_the_path_and_the_fix() =>
        AssertOneLineError(await CliHost.Run("run", "-s", "single", "--model", "/nope/model.gguf", "2+2"), 1,
            "--model '/nope/model.gguf' does not exist; pass the path of a GGUF model file");

    [Fact]
    public async Task A_bad_endpoint_url_is_a_usage_error() =>
        AssertOneLineError(await CliHost.Run("run", "-s", "single", "--endpoint", "localhost:8080", "2+2"), 2,
            "--endpoint 'localhost:8080' is not an http(s) URL");

    [Fact]
    public async Task Engine_failures_are_one_line_without_stack_unless_verbose()
    {
        var failing = new CliHost.FixedResolver(new ScriptedGenerator((_, _) => throw new InvalidOperationException("decode failed")));
        var quiet = await CliHost.Run(failing, "run", "-s", "single", "2+2");
        AssertOneLineError(quiet, 1, "internal error: InvalidOperationException: decode failed (run with --verbose for details)");
        var verbose = await CliHost.Run(failing, "run", "-s", "single", "--verbose", "2+2");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Err);
    }

    [Fact]
    public async Task Help_shows_examples_and_version_prints_the_version()
    {
        var help = await CliHost.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Examples:", help.Out);
        Assert.Contains("tts run --strategy majority:n=16", help.Out);
        var runHelp = await CliHost.Run("run", "--help");
        Assert.Contains("--max-samples", runHelp.Out);
        Assert.Contains("--json", runHelp.Out);
        var version = await CliHost.Run("--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Out);
    }

    [Fact]
    public async Task Model_and_endpoint_choices_reach_the_resolver()
    {
        var resolver = new CliHost.FixedResolver(ScriptedGenerator.Cycling("#### 1"));
        await CliHost.Run(resolver, "run", "-s", "single", "-m", "x.gguf", "q");
        Assert.Equal("x.gguf", resolver.Selection!.ModelPath);
        Assert.Null(resolver.Selection.Endpoint);
    }

    [Fact]
    public async Task Verbose_run_shows_the_chosen_solution_and_trace()
    {
        var o = await CliHost.Run(new CliHost.FixedResolver(ScriptedGenerator.Cycling("2+2 is 4\n#### 4")), "run", "-s", "single", "-v", "2+2");
        Assert.Contains("Chosen solution:", o.Out);
        Assert.Contains("2+2 is 4", o.Out);
        Assert.Contains("Trace:", o.Out);
    }

    [Fact]
    public async Task Verbose_run_never_passes_terminal_escapes_from_the_model_through()
    {
        var o = await CliHost.Run(new CliHost.FixedResolver(ScriptedGenerator.Cycling("\u001b[2Jcleared\n#### 4")), "run", "-s", "single", "-v", "2+2");
        Assert.DoesNotContain('\u001b', o.Out);
        Assert.Contains("\uFFFD[2Jcleared\n#### 4", o.Out);
    }
}
