using TtsOrchestrator.Core;
using TtsOrchestrator.LlamaCpp.Engine;
using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary><c>tts-train export</c> on a trained tiny checkpoint: the file it writes and the check it reports.</summary>
[Collection(TrainedTinyModelCollection.Name)]
public sealed class ExportTests(TrainedTinyModelFixture fixture)
{
    [Fact]
    public void Export_writes_a_checked_F16_model_and_nothing_else()
    {
        var output = fixture.NewPath(Path.Combine("models", "tts-arith.gguf")); // the folder does not exist yet

        var report = Export.Run(fixture.CheckpointPath, output, Export.ParseType("f16"), TrainedTinyModelFixture.Threads);

        Assert.Equal(new FileInfo(output).Length, report.Bytes);
        Assert.InRange(report.Bytes, 1, new FileInfo(fixture.CheckpointPath).Length * 6 / 10); // F16 matrices: about half the F32 file
        Assert.Equal([output], Directory.GetFiles(Path.GetDirectoryName(output)!));
        Assert.Equal(fixture.CheckTokens.Length, report.Difference.Positions);
        Assert.Equal(report.Difference.Positions, report.Difference.ArgmaxAgreements);
        Assert.True(report.Difference.MaxAbs < LogitParityTests.F16Tolerance * report.Difference.Spread, report.Difference.ToString());
    }

    [Fact]
    public void An_export_over_the_size_limit_is_refused_and_leaves_the_old_file()
    {
        var output = fixture.NewPath("refused.gguf");
        File.WriteAllText(output, "the previous export");

        var e = Assert.Throws<UserInputException>(() => Export.Run(fixture.CheckpointPath, output, LlamaFileType.MostlyF16, TrainedTinyModelFixture.Threads, maxBytes: 100_000));

        Assert.Contains("over the 0.1 MB limit", e.Message);
        Assert.Contains(output, e.Message);
        Assert.Equal("the previous export", File.ReadAllText(output));
        Assert.False(File.Exists(output + ".new"));
    }

    [Fact]
    public void A_missing_checkpoint_is_named()
    {
        var e = Assert.Throws<UserInputException>(() => Export.Run(fixture.NewPath("nope.gguf"), fixture.NewPath("out.gguf"), LlamaFileType.MostlyF16, 1));
        Assert.Contains("nope.gguf", e.Message);
    }

    [Fact]
    public void Unknown_export_types_are_usage_errors()
    {
        var e = Assert.Throws<UserInputException>(() => Export.ParseType("q4_k"));
        Assert.Equal(2, e.ExitCode);
        Assert.Equal(LlamaFileType.MostlyQ8_0, Export.ParseType("Q8_0"));
    }
}

/// <summary>Failures of <see cref="GgufExport.Quantize"/> are one <see cref="LlamaException"/> that names the files.</summary>
public sealed class QuantizeErrorTests : TempDirectory
{
    [Fact]
    public void A_missing_input_is_named()
    {
        var input = PathOf("no-such-checkpoint.gguf");
        var e = Assert.Throws<LlamaException>(() => GgufExport.Quantize(input, PathOf("out.gguf"), LlamaFileType.MostlyF16, threads: 1));
        Assert.Contains(input, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Empty(System.IO.Directory.GetFiles(Directory));
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_named_and_leaves_no_output()
    {
        var input = PathOf("notes.gguf");
        File.WriteAllText(input, "not a model");
        var output = PathOf("out.gguf");
        var e = Assert.Throws<LlamaException>(() => GgufExport.Quantize(input, output, LlamaFileType.MostlyQ8_0, threads: 1));
        Assert.Contains(input, e.Message);
        Assert.Contains(output, e.Message);
        Assert.Equal([input], System.IO.Directory.GetFiles(Directory));
    }
}
