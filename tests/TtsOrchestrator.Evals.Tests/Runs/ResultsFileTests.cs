using TtsOrchestrator.Core;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Evals.Tests.Runs;

/// <summary>The resumable JSONL file: complete lines are kept byte for byte, only a torn last line goes.</summary>
public sealed class ResultsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tts-results-file").FullName;
    private string PathOf(string name) => Path.Combine(_dir, name);

    private static SampleLine Line(string id, int session = 1, double seconds = 1) =>
        new(id, 0, 1, "4", null, 1, 1, 3, 5, 0.1, [new SampleRecord("4", true, 5, Core.Generation.FinishReason.EndOfText, "2+2=4\n#### 4")], session, seconds);

    [Fact]
    public void Appended_lines_read_back_and_a_torn_last_line_is_dropped_leaving_the_rest_byte_identical()
    {
        var path = PathOf("results.jsonl");
        using (var file = ResultsFile<SampleLine>.Open(path))
        {
            file.Append(Line("a"));
            file.Append(Line("b"));
        }
        var complete = File.ReadAllBytes(path);
        File.AppendAllText(path, "{\"id\":\"c\",\"index\":0,\"se"); // a run killed in the middle of a write

        var read = ResultsFile<SampleLine>.Read(path);
        Assert.True(read.TornTail);
        Assert.Equal(complete, File.ReadAllBytes(path)[..complete.Length]); // reading changes nothing
        using (var file = ResultsFile<SampleLine>.Open(path))
        {
            Assert.True(file.DroppedTornLine);
            Assert.Equal(["a", "b"], file.Lines.Select(l => l.Id));
        }
        Assert.Equal(complete, File.ReadAllBytes(path)); // exactly the complete lines are left
        using (var file = ResultsFile<SampleLine>.Open(path)) file.Append(Line("c"));
        Assert.Equal(["a", "b", "c"], ResultsFile<SampleLine>.Read(path).Lines.Select(l => l.Id));
        Assert.Equal(complete, File.ReadAllBytes(path)[..complete.Length]);
    }

    [Fact]
    public void A_whole_last_line_without_its_newline_is_kept_and_completed()
    {
        var path = PathOf("results.jsonl");
        using (var file = ResultsFile<SampleLine>.Open(path)) file.Append(Line("a"));
        File.WriteAllText(path, File.ReadAllText(path).TrimEnd('\n'));
        using (var file = ResultsFile<SampleLine>.Open(path))
        {
            Assert.False(file.DroppedTornLine);
            file.Append(Line("b"));
        }
        var lines = File.ReadAllText(path).Split('\n');
        Assert.Equal(3, lines.Length); // "a", "b" and the empty rest after the last newline
        Assert.Equal(["a", "b"], ResultsFile<SampleLine>.Read(path).Lines.Select(l => l.Id));
    }

    [Fact]
    public void A_bad_line_before_the_end_is_a_user_error_naming_file_and_line_and_nothing_changes()
    {
        var path = PathOf("results.jsonl");
        using (var file = ResultsFile<SampleLine>.Open(path)) file.Append(Line("a"));
        File.AppendAllText(path, "\nnot json\n");
        using (var file = ResultsFile<SampleLine>.Open(PathOf("other.jsonl"))) file.Append(Line("b"));
        File.AppendAllText(path, File.ReadAllText(PathOf("other.jsonl")));
        var before = File.ReadAllBytes(path);

        var e = Assert.Throws<UserInputException>(() => ResultsFile<SampleLine>.Open(path));
        Assert.StartsWith($"{path}:3: not a result line (", e.Message);
        Assert.Contains("remove that line", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_line_without_an_id_is_refused()
    {
        var path = PathOf("results.jsonl");
        File.WriteAllText(path, "{\"index\":3}\n");
        var e = Assert.Throws<UserInputException>(() => ResultsFile<SampleLine>.Read(path));
        Assert.Contains(":1: not a result line (no 'id')", e.Message);
    }

    [Fact]
    public void A_file_open_for_writing_is_refused_to_a_second_run()
    {
        var path = PathOf("results.jsonl");
        using var first = ResultsFile<SampleLine>.Open(path);
        var e = Assert.Throws<UserInputException>(() => ResultsFile<SampleLine>.Open(path));
        Assert.Contains("in use by another tts run", e.Message);
        Assert.Throws<UserInputException>(() => ResultsFile<SampleLine>.Read(path));
    }

    [Fact]
    public void Wall_time_adds_up_each_session_until_its_last_line()
    {
        SampleLine[] lines = [Line("a", 1, 2.0), Line("b", 1, 5.0), Line("c", 3, 1.5), Line("d", 3, 4.0)];
        var summary = SampleSummary.Of(new RunManifest("sample", "arith", "m", 0) { K = 1 }, lines, lines.Length);
        Assert.Equal(9.0, summary.WallSeconds, 6);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
