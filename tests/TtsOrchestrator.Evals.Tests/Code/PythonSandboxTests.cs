using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TtsOrchestrator.Evals.Code;
using Xunit.Abstractions;

namespace TtsOrchestrator.Evals.Tests.Code;

/// <summary>
/// The sandbox against hostile programs: each is contained, graded as a failed sample with the limit that stopped
/// it, and leaves the machine as it was (no process left, files untouched, memory back, processes still start).
/// </summary>
[Collection(SandboxCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // the sandbox is Linux-only (namespaces, rlimits)
public class PythonSandboxTests(ITestOutputHelper output)
{
    private const string Square = "def square(x):\n    return x * x\n";

    [Fact]
    public async Task The_probe_finds_the_sandbox_isolating_code_here()
    {
        var isolation = await TestSandboxes.Default.GetIsolationAsync();
        output.WriteLine(isolation.ToString());
        Assert.Equal(Environment.IsPrivilegedProcess, isolation.ThrowawayUid);
        Assert.Contains("namespaces", isolation.ToString());
    }

    [Fact]
    public async Task A_correct_candidate_passes()
    {
        var grade = await TestSandboxes.DefaultGrader.RunTestsAsync(Square, "assert square(3) == 9\nassert square(-2) == 4");
        Assert.True(grade.Passed, grade.Reason);
        Assert.Equal("passed", grade.Reason);
        Assert.Equal(SandboxOutcome.Exited, grade.Run!.Outcome);
        Assert.Equal(0, grade.Run.ExitCode);
    }

    [Fact]
    public async Task A_failing_assert_fails_naming_the_assert()
    {
        var grade = await TestSandboxes.DefaultGrader.RunTestsAsync(Square, "assert square(3) == 9\nassert square(2) == 5");
        Assert.False(grade.Passed);
        Assert.StartsWith("AssertionError at line ", grade.Reason);
        Assert.EndsWith("assert square(2) == 5", grade.Reason);
        Assert.Equal(1, grade.Run!.ExitCode);
    }

    [Fact]
    public async Task Exiting_with_success_before_the_tests_run_is_not_a_pass()
    {
        var grade = await TestSandboxes.DefaultGrader.RunTestsAsync("import sys\nsys.exit(0)", "assert False");
        Assert.False(grade.Passed);
        Assert.Equal("exited before the tests finished", grade.Reason);
    }

    [Fact]
    public async Task Code_runs_as_an_unprivileged_user_in_a_fresh_work_dir_with_stdin_closed()
    {
        var run = await TestSandboxes.Default.RunAsync("""
            import os, sys
            print(os.getuid(), os.getcwd(), os.environ.get('HOME'), sorted(os.listdir('.')), sys.flags.isolated)
            try:
                input()
            except EOFError:
                print('stdin closed')
            """);
        Assert.True(run.Succeeded, run.Stderr);
        var fields = run.Stdout.Split('\n')[0].Split(' ');
        if (Environment.IsPrivilegedProcess) Assert.NotEqual("0", fields[0]);
        Assert.Equal(["/tmp/w", "/tmp/w", "['main.py']", "1"], fields[1..]);
        Assert.Contains("stdin closed", run.Stdout);
    }

    [Fact]
    public async Task A_fork_bomb_stops_at_the_process_limit_and_the_machine_still_starts_processes()
    {
        var grade = await TestSandboxes.TightGrader.RunTestsAsync("import os\nwhile True:\n    os.fork()", "pass");
        Assert.False(grade.Passed);
        Assert.Equal("process limit (32)", grade.Reason);
        await AssertMachineUnharmedAsync();
    }

    [Fact]
    public async Task A_fork_bomb_that_survives_failed_forks_is_killed_as_a_whole()
    {
        const string bomb = """
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
            """;
        var grade = await TestSandboxes.TightGrader.RunTestsAsync(bomb, "pass");
        output.WriteLine($"{grade.Reason} after {grade.Run!.WallTime.TotalSeconds:0.0} s");
        Assert.False(grade.Passed);
        Assert.Matches("^(timed out after 4 s|CPU time limit \\(2 s\\)|process limit \\(32\\))$", grade.Reason);
        Assert.True(grade.Run!.Killed || grade.Run.Outcome == SandboxOutcome.ProcessLimit, grade.Reason);
        await AssertMachineUnharmedAsync();
    }

    [Fact]
    public async Task An_endless_loop_is_stopped_by_a_time_limit()
    {
        var grade = await TestSandboxes.TightGrader.RunTestsAsync("while True:\n    pass", "pass");
        output.WriteLine($"{grade.Reason} after {grade.Run!.WallTime.TotalSeconds:0.0} s");
        Assert.False(grade.Passed);
        Assert.True(grade.Run!.TimedOut, grade.Run.Outcome.ToString());
        Assert.Matches("^(timed out after 4 s|CPU time limit \\(2 s\\))$", grade.Reason);
        await AssertMachineUnharmedAsync();
    }

    [Fact]
    public async Task Sleeping_past_the_wall_clock_limit_is_a_timeout()
    {
        var grade = await TestSandboxes.TightGrader.RunTestsAsync("import time\ntime.sleep(1000)", "pass");
        Assert.False(grade.Passed);
        Assert.Equal(SandboxOutcome.WallTimeout, grade.Run!.Outcome);
        Assert.Equal("timed out after 4 s", grade.Reason);
        Assert.True(grade.Run.Killed);
    }

    [Fact]
    public async Task Burning_cpu_stops_at_the_cpu_limit()
    {
        var sandbox = new PythonSandbox(new SandboxLimits { WallTime = TimeSpan.FromSeconds(60), CpuTime = TimeSpan.FromSeconds(1) }, maxConcurrency: 1);
        var run = await sandbox.RunAsync("while True:\n    pass");
        Assert.Equal(SandboxOutcome.CpuLimit, run.Outcome);
        Assert.Equal(24, run.Signal); // SIGXCPU
    }

    [Fact]
    public async Task Allocating_10_GB_hits_the_memory_limit_and_the_memory_comes_back()
    {
        var before = ProcessTable.AvailableMemory();
        var grade = await TestSandboxes.DefaultGrader.RunTestsAsync("x = bytearray(10 * 1024 ** 3)", "pass");
        Assert.False(grade.Passed);
        Assert.Equal("memory limit (1 GiB)", grade.Reason);

        // Growing step by step touches the memory it gets, up to the limit; all of it is released with the process.
        var growing = await TestSandboxes.DefaultGrader.RunTestsAsync("chunks = []\nwhile True:\n    chunks.append(bytearray(100 * 1024 ** 2))", "pass");
        Assert.Equal("memory limit (1 GiB)", growing.Reason);
        await AssertMachineUnharmedAsync();
        Assert.True(ProcessTable.AvailableMemory() > before - (1L << 30), $"available memory {before} -> {ProcessTable.AvailableMemory()}");
    }

    [Fact]
    public async Task Processes_that_each_stay_under_the_memory_limit_are_capped_together_where_a_cgroup_is_available()
    {
        // Eight processes of 700 MiB each: every one is under RLIMIT_AS, together they are 5.5 GiB.
        const string hog = """
            import os, time
            for _ in range(7):
                if os.fork() == 0:
                    break
            block = bytearray(700 * 1024 ** 2)
            time.sleep(1)
            """;
        if (!(await TestSandboxes.Default.GetIsolationAsync()).Cgroup)
        {
            output.WriteLine("no writable cgroup here: the total is not capped (the sandbox logs this); nothing to check");
            return;
        }
        var grade = await TestSandboxes.DefaultGrader.RunTestsAsync(hog, "pass");
        Assert.False(grade.Passed);
        Assert.Equal("memory limit (1 GiB)", grade.Reason);
        await AssertMachineUnharmedAsync();
    }

    [Fact]
    public async Task A_program_cannot_pass_its_own_exit_for_a_broken_sandbox()
    {
        var run = await TestSandboxes.Default.RunAsync("""
            import sys
            try:
                print('secret readable' if b'TTS_SANDBOX_TAG' in open('/proc/1/environ', 'rb').read() else 'no secret')
            except OSError:
                print('no secret')
            sys.stderr.write('tts-sandbox : cannot mount\n')
            sys.exit(125)
            """);
        Assert.Equal(125, run.ExitCode);
        Assert.Equal(SandboxOutcome.Exited, run.Outcome);
        if (Environment.IsPrivilegedProcess) Assert.Equal("no secret", run.Stdout.Trim());
    }

    [Fact]
    public async Task Files_outside_the_work_dir_can_be_neither_written_deleted_nor_created()
    {
        // A world-writable folder and file outside the work dir: only the sandbox's read-only mounts protect them.
        var folder = Path.Combine(AppContext.BaseDirectory, $"sandbox-sentinel-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var sentinel = Path.Combine(folder, "sentinel.txt");
        File.WriteAllText(sentinel, "original");
        File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
        File.SetUnixFileMode(sentinel, (UnixFileMode)0x1B6);
        var escape = $"/tmp/tts-sandbox-escape-{Guid.NewGuid():N}";
        var cwdFile = Path.Combine(Environment.CurrentDirectory, $"tts-sandbox-escape-{Guid.NewGuid():N}");
        try
        {
            string Attempt(string code) => $"""
                import os, shutil
                results = []
                def attempt(name, action):
                    try:
                        action()
                        results.append(name + ': done')
                    except OSError as e:
                        results.append(name + ': ' + type(e).__name__)
                {code}
                print('\n'.join(results))
                raise PermissionError('; '.join(results))
                """;
            var write = await TestSandboxes.DefaultGrader.RunTestsAsync(Attempt($"""
                attempt('overwrite', lambda: open({Py(sentinel)}, 'w').write('changed'))
                attempt('append', lambda: open({Py(sentinel)}, 'a').write('changed'))
                attempt('create beside', lambda: open({Py(Path.Combine(folder, "new.txt"))}, 'w').write('x'))
                attempt('create in /tmp', lambda: open({Py(escape)}, 'w').write('x'))
                attempt('create in the cwd of the tests', lambda: open({Py(cwdFile)}, 'w').write('x'))
                attempt('create in /', lambda: open('/tts-sandbox-escape', 'w').write('x'))
                attempt('chmod', lambda: os.chmod({Py(sentinel)}, 0o000))
                """), "pass");
            var delete = await TestSandboxes.DefaultGrader.RunTestsAsync(Attempt($"""
                attempt('remove', lambda: os.remove({Py(sentinel)}))
                attempt('rename', lambda: os.rename({Py(sentinel)}, {Py(sentinel + ".moved")}))
                attempt('rmtree', lambda: shutil.rmtree({Py(folder)}))
                attempt('truncate', lambda: os.truncate({Py(sentinel)}, 0))
                """), "pass");

            foreach (var grade in new[] { write, delete })
            {
                Assert.False(grade.Passed);
                Assert.StartsWith("PermissionError", grade.Reason);
                Assert.DoesNotContain(": done", grade.Run!.Stdout);
            }
            Assert.Equal("original", File.ReadAllText(sentinel));
            Assert.Equal([sentinel], Directory.GetFiles(folder));
            Assert.Equal((UnixFileMode)0x1B6, File.GetUnixFileMode(sentinel));
            Assert.False(File.Exists(escape));
            Assert.False(File.Exists(cwdFile));
            Assert.False(File.Exists("/tts-sandbox-escape"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Sockets_reach_no_network_not_even_the_hosts_loopback()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var grade = await TestSandboxes.DefaultGrader.RunTestsAsync($"""
                import socket
                errors = []
                for host, port in [('127.0.0.1', {port}), ('1.1.1.1', 53), ('8.8.8.8', 443)]:
                    try:
                        socket.create_connection((host, port), timeout=2).close()
                        errors.append(host + ' reached')
                    except OSError as e:
                        errors.append(host + ': ' + str(e))
                try:
                    socket.getaddrinfo('example.com', 80)
                    errors.append('dns resolved')
                except OSError as e:
                    errors.append('dns: ' + str(e))
                print('\n'.join(errors))
                raise ConnectionError('; '.join(errors))
                """, "pass");
            Assert.False(grade.Passed);
            Assert.StartsWith("ConnectionError", grade.Reason);
            Assert.DoesNotContain("reached", grade.Run!.Stdout);
            Assert.DoesNotContain("resolved", grade.Run.Stdout);
            Assert.Contains("127.0.0.1: [Errno 101] Network is unreachable", grade.Run.Stdout);
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Printing_a_gigabyte_is_cut_at_the_output_cap()
    {
        var grade = await TestSandboxes.DefaultGrader.RunTestsAsync("import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)", "pass");
        Assert.False(grade.Passed);
        Assert.Equal("output limit (1 MiB)", grade.Reason);
        Assert.True(grade.Run!.OutputTruncated);
        Assert.True(grade.Run.Killed);
        Assert.Equal(1 << 20, grade.Run.Stdout.Length);
        await AssertMachineUnharmedAsync();
    }

    [Fact]
    public async Task The_output_cap_counts_stderr_too()
    {
        var run = await TestSandboxes.Default.RunAsync("import sys\nwhile True:\n    sys.stderr.write('e' * 65536)");
        Assert.Equal(SandboxOutcome.OutputLimit, run.Outcome);
        Assert.Equal(1 << 20, run.Stderr.Length);
    }

    [Fact]
    public async Task A_timeout_kills_children_grandchildren_and_processes_that_left_the_group()
    {
        var tag = $"{1000 + Random.Shared.Next(1000)}.{Random.Shared.Next(1_000_000):D6}";
        var run = await TestSandboxes.Tight.RunAsync($"""
            import os, subprocess, time
            subprocess.Popen(['sleep', '{tag}'])
            subprocess.Popen(['setsid', 'sleep', '{tag}1'], start_new_session=True)
            if os.fork() == 0:          # a double fork: the grandchild is orphaned and in its own session
                os.setsid()
                if os.fork() == 0:
                    os.execvp('sleep', ['sleep', '{tag}2'])
                os._exit(0)
            time.sleep(1000)
            """);
        Assert.Equal(SandboxOutcome.WallTimeout, run.Outcome);
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(() => ProcessTable.WithCommandLine(tag)));
    }

    [Fact]
    public async Task Background_processes_die_when_the_program_exits_normally()
    {
        var tag = $"{1000 + Random.Shared.Next(1000)}.{Random.Shared.Next(1_000_000):D6}";
        var run = await TestSandboxes.Default.RunAsync($"import subprocess\nsubprocess.Popen(['sleep', '{tag}'], start_new_session=True)\nprint('started')");
        Assert.True(run.Succeeded, run.Stderr);
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(() => ProcessTable.WithCommandLine(tag)));
    }

    [Fact]
    public async Task Cancelling_a_run_kills_it()
    {
        var tag = $"{1000 + Random.Shared.Next(1000)}.{Random.Shared.Next(1_000_000):D6}";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            TestSandboxes.Default.RunAsync($"import subprocess, time\nsubprocess.Popen(['sleep', '{tag}'])\ntime.sleep(1000)", cts.Token));
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(() => ProcessTable.WithCommandLine(tag)));
    }

    [Fact]
    public async Task Concurrent_runs_stay_apart()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => TestSandboxes.Default.RunAsync(
            $"import os\nopen('mine', 'w').write('{i}')\nprint(sorted(os.listdir('.')), open('mine').read())")));
        for (var i = 0; i < runs.Length; i++)
        {
            Assert.True(runs[i].Succeeded, runs[i].Stderr);
            Assert.Equal($"['main.py', 'mine'] {i}", runs[i].Stdout.Trim());
        }
    }

    [Fact]
    public async Task A_syntax_error_is_a_failed_sample()
    {
        var grade = await TestSandboxes.DefaultGrader.RunTestsAsync("def f(:\n    pass", "assert f() is None");
        Assert.False(grade.Passed);
        Assert.StartsWith("SyntaxError", grade.Reason);
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PythonSandbox(new SandboxLimits { WallTime = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PythonSandbox(new SandboxLimits { MaxProcesses = 0 }));
    }

    [Fact]
    public async Task A_missing_interpreter_is_named_and_nothing_runs()
    {
        var sandbox = new PythonSandbox(python: "/nonexistent/python3");
        var e = await Assert.ThrowsAsync<SandboxUnavailableException>(() => sandbox.RunAsync("print(1)"));
        Assert.Equal("python interpreter '/nonexistent/python3' not found; on Debian: apt-get install python3", e.Message);
    }

    [Fact]
    public async Task An_interpreter_the_sandbox_user_cannot_read_makes_the_sandbox_refuse()
    {
        if (!Environment.IsPrivilegedProcess) return; // only root runs code as another uid
        // A private copy (mode 0700 under a 0700 folder) stands for a per-user install such as pyenv under /root.
        // (Not under /tmp: the sandbox has its own /tmp, where the copy would merely be missing.)
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, $"private-python-{Guid.NewGuid():N}")).FullName;
        try
        {
            var python = Path.Combine(folder, "python3");
            File.Copy(PythonSandbox.DefaultPython, python);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var sandbox = new PythonSandbox(python: python);
            var e = await Assert.ThrowsAsync<SandboxUnavailableException>(() => sandbox.RunAsync("print(1)"));
            output.WriteLine(e.Message);
            Assert.StartsWith($"the python sandbox cannot start {python} as an unprivileged user (", e.Message);
            Assert.Contains("Permission denied", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Py(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    /// <summary>No sandbox process is left, and this machine can still start a process.</summary>
    private static async Task AssertMachineUnharmedAsync()
    {
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(ProcessTable.OfThrowawayUids));
        using var echo = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await echo.WaitForExitAsync();
        Assert.Equal(0, echo.ExitCode);
    }
}
