using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TtsOrchestrator.Cli.Engines;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>
/// The real `tts` process and a real SIGTERM (what Ctrl+C's SIGINT also takes): the eval stops, keeps what it finished
/// and still writes its summary, and the same command resumes. In-process cancellation is tested in EvalCommandTests.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private readonly string _out = Path.Combine(Directory.CreateTempSubdirectory("tts-signal").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_out)!, recursive: true);

    [Fact]
    public async Task Sigterm_stops_an_eval_that_keeps_its_results_and_resumes()
    {
        using var tts = TtsProcess.Start("eval", "--benchmark", "arith", "--strategy", "majority:n=4", "--limit", "300", "--concurrency", "1", "--threads", "2", "--out", _out);
        // results.jsonl is locked while the run writes it, but its size shows that a problem is done.
        var results = Path.Combine(_out, "results.jsonl");
        var waited = Stopwatch.StartNew();
        while (!(File.Exists(results) && new FileInfo(results).Length > 0) && !tts.Process.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(50);
        Assert.False(tts.Process.HasExited, tts.Err);

        using (var kill = Process.Start("kill", ["-s", "TERM", tts.Process.Id.ToString()])) await kill.WaitForExitAsync();
        await tts.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExitCodes.Cancelled, tts.Process.ExitCode);
        Assert.Contains("tts: cancelled", tts.Err);
        var done = File.ReadAllLines(results).Length;
        Assert.InRange(done, 1, 299);
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "summary.json"))))
            Assert.Equal(done, summary.RootElement.GetProperty("problems").GetInt32());
        Assert.True(File.Exists(Path.Combine(_out, "report.html")));

        // The same command with a smaller --limit resumes: nothing redone, nothing lost.
        using var again = TtsProcess.Start("eval", "--benchmark", "arith", "--strategy", "majority:n=4", "--limit", $"{done + 2}", "--concurrency", "1", "--threads", "2", "--out", _out);
        await again.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(0, again.Process.ExitCode);
        Assert.Contains($"resumed: {done} problems", again.Out);
        Assert.Equal(done + 2, File.ReadAllLines(results).Length);
    }

    /// <summary>The built tts.dll as a child process whose output is collected as it comes (so it never blocks on a pipe).</summary>
    private sealed class TtsProcess : IDisposable
    {
        private readonly StringBuilder _out = new(), _err = new();

        public required Process Process { get; init; }
        public string Out { get { lock (_out) return _out.ToString(); } }
        public string Err { get { lock (_err) return _err.ToString(); } }

        public static TtsProcess Start(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(Path.GetDirectoryName(typeof(DefaultGeneratorResolver).Assembly.Location)!, "tts.dll"));
            foreach (var arg in args) start.ArgumentList.Add(arg);
            var child = new TtsProcess { Process = new Process { StartInfo = start } };
            child.Process.OutputDataReceived += (_, e) => { lock (child._out) child._out.AppendLine(e.Data); };
            child.Process.ErrorDataReceived += (_, e) => { lock (child._err) child._err.AppendLine(e.Data); };
            child.Process.Start();
            child.Process.BeginOutputReadLine();
            child.Process.BeginErrorReadLine();
            return child;
        }

        public async Task WaitAsync(TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            await Process.WaitForExitAsync(timeout.Token);
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }
}
