using System.Text.Json;
using TtsOrchestrator.Cli.Engines;
using static TtsOrchestrator.Cli.Tests.CliHost;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>`tts run` with no --model: the embedded tts-arith model, copied beside the tts assembly by the build.</summary>
public class EmbeddedModelRunTests
{
    [Fact]
    public void The_build_puts_the_embedded_model_beside_tts() => Assert.True(File.Exists(DefaultGeneratorResolver.EmbeddedModelPath));

    [Fact]
    public async Task A_bare_expression_is_answered_by_the_embedded_model_in_the_arith_tasks_words()
    {
        var o = await Run("run", "--threads", "2", "--json", "17+25*3-4");
        Assert.Equal("", o.Err);
        Assert.Equal(0, o.ExitCode);
        using var doc = JsonDocument.Parse(o.Out);
        Assert.Equal("tts-arith.gguf", doc.RootElement.GetProperty("model").GetString());
        Assert.Equal("What is 17+25*3-4?", doc.RootElement.GetProperty("question").GetString());
        Assert.Matches(@"^-?\d+$", doc.RootElement.GetProperty("result").GetProperty("answer").GetString());
    }
}
