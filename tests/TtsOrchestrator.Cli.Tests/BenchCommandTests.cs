using System.Text.Json;
using static TtsOrchestrator.Cli.Tests.CliHost;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>`tts bench` end to end on the tiny random GGUF (answers are noise; the files and their shape are the point).</summary>
public sealed class BenchCommandTests(TinyModelFile tiny) : IClassFixture<TinyModelFile>, IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("tts-bench-test").FullName;

    [Fact]
    public async Task Strategies_run_side_by_side_and_leave_a_table_json_and_pareto_plot()
    {
        var o = await Run("bench", "--benchmark", "arith", "--strategies", "single:max_tokens=8; majority:n=3,max_tokens=8", "--limit", "4",
            "--model", tiny.Path, "--threads", "1", "--out", _out);
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "bench.json")));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["single:max_tokens=8", "majority:n=3,max_tokens=8"], rows.Select(r => r.GetProperty("label").GetString()));
        Assert.All(rows, r => Assert.Equal(4, r.GetProperty("problems").GetInt32()));
        Assert.Equal([1.0, 3.0], rows.Select(r => r.GetProperty("samples_mean").GetDouble()));
        Assert.Contains("| `majority:n=3,max_tokens=8` | 4 |", File.ReadAllText(Path.Combine(_out, "bench.md")));
        Assert.True(new FileInfo(Path.Combine(_out, "pareto.png")).Length > 1000);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(_out, "pareto.svg")));
    }

    [Theory]
    [InlineData("--benchmark", "mmlu", "unknown benchmark 'mmlu'; choose one of arith, gsm8k")]
    [InlineData("--strategies", "single;majorty:n=2", "majorty")]
    public async Task Bad_inputs_fail_in_one_line_before_any_model_loads(string option, string value, string message)
    {
        string[] args = ["bench", "--strategies", "single", "--benchmark", "arith", "--model", "/nonexistent.gguf", "--out", _out];
        var i = Array.IndexOf(args, option);
        args[i + 1] = value;
        AssertOneLineError(await Run(args), 2, message);
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
