using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// Runs untrusted Python (model-written code plus a benchmark's tests) with only what a stock Debian machine
/// has (util-linux and the kernel):
/// <list type="bullet">
/// <item><c>setsid</c>: the run is its own process group and session, killed as a group.</item>
/// <item><c>unshare --net --pid --mount --ipc --uts --fork --kill-child --mount-proc</c>: no network (a private
/// namespace with only a down loopback), its own pid namespace (when its first process dies the kernel kills every
/// process in it, even ones that called setsid or double-forked), and its own mounts.</item>
/// <item>In that mount namespace every inherited mount is remounted read-only, and private tmpfs mounts go over
/// <c>/tmp</c> and <c>/dev/shm</c>: the only writable place is the throwaway work dir <c>/tmp/w</c>, which vanishes
/// with the namespace. Nothing outside can be created, changed or deleted.</item>
/// <item>As root, the code runs as a random throwaway uid (<c>setpriv</c>, no capabilities, no_new_privs). That
/// matters for RLIMIT_NPROC, which counts processes per uid and does not apply to root at all: a fresh uid gives
/// each run its own process budget, so a fork bomb in one run cannot starve a concurrent one. As any other user,
/// a user namespace maps the caller to root inside it, capabilities are dropped, and the code runs as the caller
/// (it can then read what the caller can read; logged once as a weakness).</item>
/// <item><c>prlimit</c>: RLIMIT_AS (memory), RLIMIT_CPU, RLIMIT_NPROC, RLIMIT_FSIZE, RLIMIT_NOFILE, no core dumps.</item>
/// <item>A cgroup (when one is writable) caps the total memory and process count of the run.</item>
/// <item><c>python3 -I -B</c> (isolated mode: no PYTHON* variables, no user site, no script dir on sys.path), a
/// clean environment with HOME and TMPDIR in the work dir, stdin closed, stdout and stderr read with a cap.</item>
/// </list>
/// The first run probes that all this works here; when it does not, every run throws
/// <see cref="SandboxUnavailableException"/> naming what is missing. Generated code never runs unsandboxed.
/// Runs are independent and may go concurrently (up to <c>maxConcurrency</c> at once).
/// </summary>
public sealed class PythonSandbox
{
    /// <summary>Debian's interpreter: readable by any uid, unlike per-user installs (pyenv under /root).</summary>
    public const string DefaultPython = "/usr/bin/python3";

    private const string WorkDir = "/tmp/w";
    private const int LauncherFailure = 125;
    private static readonly string[] ToolDirs = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"];

    // Runs as root inside the new namespaces. $1 mode (root|user), $2 uid, $3 tmpfs size in KiB, $4 cgroup.procs files
    // to join (space-separated, may be empty); the rest is the command that runs the program, which arrives on stdin.
    // The shell stays the namespace's first process, so the interpreter is an ordinary process (SIGXCPU reaches it)
    // and everything left over dies when the shell exits. Its own failures carry a per-run secret from its
    // environment (`env -i` keeps it from the program; a throwaway uid cannot read /proc/1/environ), so a program
    // cannot make its own exit look like a broken sandbox.
    private const string Launcher = """
        mode=$1 uid=$2 size=$3 cgroups=$4
        shift 4
        fail() { echo "tts-sandbox $TTS_SANDBOX_TAG: $*" >&2; exit 125; }
        for f in $cgroups; do echo 0 > "$f" || fail "cannot join cgroup $f"; done
        awk '{print $5}' /proc/self/mountinfo | while read -r m; do mount -o remount,bind,ro "$m" 2>/dev/null; done
        awk '$5 == "/" && $6 !~ /^ro(,|$)/ { rw = 1 } END { exit rw }' /proc/self/mountinfo || fail "cannot make / read-only"
        mount -t tmpfs -o "size=${size}k,mode=0555,nosuid,nodev" tmpfs /tmp || fail "cannot mount a tmpfs work area"
        [ -d /dev/shm ] && { mount -t tmpfs -o "size=${size}k,mode=1777,nosuid,nodev" tmpfs /dev/shm || fail "cannot mount a private /dev/shm"; }
        mkdir -m 0700 /tmp/w || fail "cannot create the work dir"
        if [ "$mode" = root ]; then chown "$uid:$uid" /tmp/w || fail "cannot hand the work dir to uid $uid"; fi
        cat > /tmp/w/main.py || fail "cannot write the program"
        cd /tmp/w || fail "cannot enter the work dir"
        "$@" < /dev/null
        """;

    private readonly SandboxLimits _limits;
    private readonly string _python;
    private readonly Action<string> _log;
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<Task<Setup>> _setup;

    /// <param name="limits">Limits of every run; <see cref="SandboxLimits.Default"/> when null.</param>
    /// <param name="python">The interpreter; <see cref="DefaultPython"/> when it exists, else <c>python3</c> on PATH.</param>
    /// <param name="maxConcurrency">Runs at once (others wait); the processor count when 0.</param>
    /// <param name="log">Where the probe's statement of weaker mechanisms goes (once); stderr when null.</param>
    public PythonSandbox(SandboxLimits? limits = null, string? python = null, int maxConcurrency = 0, Action<string>? log = null)
    {
        _limits = limits ?? SandboxLimits.Default;
        _limits.Validate();
        _python = python ?? (File.Exists(DefaultPython) ? DefaultPython : FindOnPath("python3") ?? DefaultPython);
        _log = log ?? (line => Console.Error.WriteLine(line));
        _slots = new SemaphoreSlim(maxConcurrency > 0 ? maxConcurrency : Environment.ProcessorCount);
        _setup = new Lazy<Task<Setup>>(ProbeAsync);
    }

    public SandboxLimits Limits => _limits;

    /// <summary>What this machine lets the sandbox enforce (runs the probe on first use).</summary>
    public async Task<SandboxIsolation> GetIsolationAsync(CancellationToken ct = default) =>
        (await _setup.Value.WaitAsync(ct).ConfigureAwait(false)).Isolation;

    /// <summary>Runs <paramref name="program"/> as <c>main.py</c> in a fresh sandbox and returns how it ended.</summary>
    /// <exception cref="SandboxUnavailableException">The sandbox cannot be set up on this machine.</exception>
    public async Task<SandboxResult> RunAsync(string program, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        var setup = await _setup.Value.WaitAsync(ct).ConfigureAwait(false);
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var tag = Guid.NewGuid().ToString("N");
            var result = await RunOnceAsync(program, setup, tag, ct).ConfigureAwait(false);
            var failure = $"tts-sandbox {tag}: ";
            if (result.ExitCode == LauncherFailure && result.Stderr.StartsWith(failure, StringComparison.Ordinal))
                throw new SandboxUnavailableException($"the python sandbox failed to start: {FirstLine(result.Stderr[failure.Length..])}");
            return result;
        }
        finally
        {
            _slots.Release();
        }
    }

    private sealed record Setup(SandboxIsolation Isolation, bool Root, string? MemoryCgroupParent, string? PidsCgroupParent, bool CgroupV2);

    /// <summary>
    /// Checks the tools, then runs a small program in the sandbox that verifies the isolation from inside: not root,
    /// no network interface but loopback, nothing writable outside the work dir. Any failure stops all runs.
    /// </summary>
    private async Task<Setup> ProbeAsync()
    {
        if (!OperatingSystem.IsLinux())
            throw new SandboxUnavailableException("the python sandbox needs Linux (namespaces, rlimits); code graders cannot run here");
        foreach (var tool in new[] { "sh", "setsid", "unshare", "setpriv", "prlimit", "env", "mount", "awk" })
            if (FindTool(tool) is null)
                throw new SandboxUnavailableException($"the python sandbox needs '{tool}', which is not installed; on Debian: apt-get install util-linux mount mawk");
        if (!File.Exists(_python))
            throw new SandboxUnavailableException($"python interpreter '{_python}' not found; on Debian: apt-get install python3");

        var root = Environment.IsPrivilegedProcess;
        var weaknesses = new List<string>();
        if (!root)
            weaknesses.Add("not root: the code runs as your own uid inside a user namespace, so it can read files your user can read (writes are still confined to its work dir)");

        string? memoryParent = null, pidsParent = null;
        var v2 = false;
        if (root)
        {
            (memoryParent, pidsParent, v2, var why) = SandboxCgroup.Locate();
            if (why is not null) weaknesses.Add($"{why}: memory and processes are limited per process only (rlimits), not for the run as a whole");
        }
        else
        {
            weaknesses.Add("not root: no cgroup, so memory and processes are limited per process only (rlimits)");
        }

        var setup = new Setup(new SandboxIsolation { ThrowawayUid = root, Cgroup = memoryParent is not null, Python = _python, Weaknesses = weaknesses },
            root, memoryParent, pidsParent, v2);

        const string probe = """
            import os, socket, sys
            problems = []
            if os.getuid() == 0 and os.path.exists('/proc/self/uid_map') and open('/proc/self/uid_map').read().split()[1] == '0':
                problems.append('runs as real root')
            if [n for _, n in socket.if_nameindex() if n != 'lo']:
                problems.append('a network interface is visible')
            for d in ('/', '/var/tmp', os.path.dirname(os.getcwd()), os.path.dirname(sys.executable)):
                try:
                    open(os.path.join(d, '.tts-sandbox-probe'), 'w').close()
                    problems.append(d + ' is writable')
                except OSError:
                    pass
            open('ok', 'w').close()
            print('; '.join(problems) if problems else 'isolated')
            """;
        SandboxResult result;
        var tag = Guid.NewGuid().ToString("N");
        try
        {
            result = await RunOnceAsync(probe, setup, tag, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            throw new SandboxUnavailableException($"the python sandbox cannot start a process: {e.Message}", e);
        }
        if (result.Stdout.Length == 0 && result.ExitCode is 126 or 127 && !result.Stderr.Contains($"tts-sandbox {tag}:", StringComparison.Ordinal))
            throw new SandboxUnavailableException(
                $"the python sandbox cannot start {_python} as an unprivileged user ({LastLine(result.Stderr)}); " +
                $"use an interpreter every user can read and run, such as Debian's {DefaultPython} (apt-get install python3), not one under a private home directory");
        if (result.Stdout.Trim() != "isolated")
        {
            var detail = result.Stdout.Trim().Length > 0 ? result.Stdout.Trim() : LastLine(result.Stderr).Replace($"tts-sandbox {tag}: ", "", StringComparison.Ordinal);
            throw new SandboxUnavailableException(
                $"the python sandbox does not isolate code on this machine ({detail}); it needs util-linux unshare/setpriv/prlimit and " +
                (root ? "permission to create namespaces (CAP_SYS_ADMIN)" : "unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), or run as root") +
                $", and an interpreter every uid can read ({_python})");
        }
        if (weaknesses.Count > 0) _log($"python sandbox: {string.Join("; ", weaknesses)}");
        return setup;
    }

    private async Task<SandboxResult> RunOnceAsync(string program, Setup setup, string tag, CancellationToken ct)
    {
        var cgroup = setup.MemoryCgroupParent is not null ? SandboxCgroup.Create(setup.MemoryCgroupParent, setup.PidsCgroupParent!, setup.CgroupV2, _limits) : null;
        try
        {
            return await RunInNamespacesAsync(program, setup, cgroup, tag, ct).ConfigureAwait(false);
        }
        finally
        {
            if (cgroup is not null) await cgroup.DeleteAsync().ConfigureAwait(false);
        }
    }

    private async Task<SandboxResult> RunInNamespacesAsync(string program, Setup setup, SandboxCgroup? cgroup, string tag, CancellationToken ct)
    {
        var info = StartInfo(setup, cgroup);
        info.Environment["TTS_SANDBOX_TAG"] = tag;
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.Start();

        var output = new CappedOutput(_limits.MaxOutputBytes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(_limits.WallTime);
        var stdout = output.ReadAsync(process.StandardOutput.BaseStream, stdout: true, stop);
        var stderr = output.ReadAsync(process.StandardError.BaseStream, stdout: false, stop);

        try
        {
            var bytes = new UTF8Encoding(false).GetBytes(program);
            await process.StandardInput.BaseStream.WriteAsync(bytes, stop.Token).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The launcher died before reading the whole program (or time ran out); its exit status tells why.
        }

        var killed = false;
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            KillAll(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var wall = watch.Elapsed;
        if (output.Overflowed && !killed) killed = true;

        // The pid namespace is gone with its first process, so the pipes reach EOF; the bound guards a kernel surprise.
        try { await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false); }
        catch (TimeoutException) { }
        ct.ThrowIfCancellationRequested();

        var timedOut = killed && !output.Overflowed;
        var status = killed ? (int?)null : process.ExitCode;
        // The shell reports a signal death of the interpreter as 128 + signal.
        int? signal = status is > 128 and < 160 ? status - 128 : null;
        var stderrText = output.Text(stdout: false);
        var processLimitHit = cgroup?.ProcessLimitHit == true || ExceptionRaised(stderrText, "BlockingIOError: [Errno 11]")
            || stderrText.Contains("can't start new thread", StringComparison.Ordinal);
        // A fork bomb whose first process keeps winning the race for freed slots, or processes that thrash at the
        // cgroup's memory cap or that its OOM killer thins out one by one, can run into the wall clock, but the limit
        // they fought is the reason: name it, not the timeout (which one comes first depends on the machine's load).
        var outcome = output.Overflowed ? SandboxOutcome.OutputLimit
            : timedOut && processLimitHit ? SandboxOutcome.ProcessLimit
            : timedOut && cgroup?.MemoryLimitHit == true ? SandboxOutcome.MemoryLimit
            : timedOut ? SandboxOutcome.WallTimeout
            : signal == 24 ? SandboxOutcome.CpuLimit // SIGXCPU
            : cgroup?.OomKilled == true ? SandboxOutcome.MemoryLimit
            : signal is not null ? SandboxOutcome.Signaled
            : status != 0 && ExceptionRaised(stderrText, "MemoryError") ? SandboxOutcome.MemoryLimit
            : status != 0 && processLimitHit ? SandboxOutcome.ProcessLimit
            : SandboxOutcome.Exited;

        return new SandboxResult
        {
            Outcome = outcome,
            ExitCode = signal is null ? status : null,
            Signal = signal ?? (killed ? SandboxNative.SigKill : null),
            Killed = killed || signal is not null,
            OutputTruncated = output.Overflowed,
            Stdout = output.Text(stdout: true),
            Stderr = stderrText,
            WallTime = wall,
        };
    }

    private ProcessStartInfo StartInfo(Setup setup, SandboxCgroup? cgroup)
    {
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        info.Environment.Clear();
        info.Environment["PATH"] = string.Join(':', ToolDirs);
        info.Environment["LC_ALL"] = "C";

        // --wait: should setsid ever have to fork, it still waits and passes the exit status on.
        var args = new List<string> { "--wait", "unshare" };
        if (!setup.Root) args.AddRange(["--user", "--map-root-user"]);
        args.AddRange(["--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child", "--mount-proc", "--", "/bin/sh", "-c", Launcher, "sh"]);
        var uid = setup.Root ? ThrowawayUid() : 0;
        args.Add(setup.Root ? "root" : "user");
        args.Add(uid.ToString(CultureInfo.InvariantCulture));
        args.Add(((_limits.WorkDirBytes + 1023) / 1024).ToString(CultureInfo.InvariantCulture));
        args.Add(cgroup is null ? "" : string.Join(' ', cgroup.ProcsFiles));

        args.Add("setpriv");
        if (setup.Root) args.AddRange([$"--reuid={uid}", $"--regid={uid}", "--clear-groups"]);
        args.AddRange(["--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--"]);
        args.AddRange(["env", "-i", $"HOME={WorkDir}", $"TMPDIR={WorkDir}", "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"]);
        var cpu = (long)Math.Ceiling(_limits.CpuTime.TotalSeconds);
        args.AddRange(["prlimit",
            $"--as={_limits.MemoryBytes}", $"--cpu={cpu}:{cpu + 1}", $"--nproc={_limits.MaxProcesses}",
            $"--fsize={_limits.WorkDirBytes}", $"--nofile={_limits.MaxOpenFiles}", "--core=0", "--"]);
        args.AddRange([_python, "-I", "-B", "main.py"]);
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>
    /// Kills the run: the process group first, then the process itself. Killing the unshare process takes its
    /// child, the namespace's first process, with it (--kill-child), and the kernel then kills everything else in
    /// the pid namespace, including processes that left the group.
    /// </summary>
    private static void KillAll(Process process)
    {
        SandboxNative.Kill(-process.Id, SandboxNative.SigKill);
        try { process.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
    }

    /// <summary>A uid no account uses, fresh per run, so runs do not share an RLIMIT_NPROC budget or files.</summary>
    private static int ThrowawayUid() => 1_900_000_000 + Random.Shared.Next(100_000_000);

    /// <summary>Whether a traceback's final line names <paramref name="exception"/> (a raised, uncaught exception).</summary>
    private static bool ExceptionRaised(string stderr, string exception) =>
        stderr.Contains("Traceback (most recent call last)", StringComparison.Ordinal) && stderr.Contains(exception, StringComparison.Ordinal);

    private static string FirstLine(string text)
    {
        var line = text.Trim().Split('\n')[0].Trim();
        return line.Length == 0 ? "no output" : line;
    }

    private static string LastLine(string text)
    {
        var line = text.Trim().Split('\n')[^1].Trim();
        return line.Length == 0 ? "no output" : line;
    }

    private static string? FindTool(string name) => ToolDirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>stdout and stderr read concurrently into one shared byte budget; past it, reading stops and the run is stopped.</summary>
    private sealed class CappedOutput(int cap)
    {
        private readonly MemoryStream _out = new(), _err = new();
        private readonly object _gate = new();
        private long _total;

        public bool Overflowed { get; private set; }

        public async Task ReadAsync(Stream source, bool stdout, CancellationTokenSource stop)
        {
            var buffer = new byte[16384];
            var target = stdout ? _out : _err;
            try
            {
                while (true)
                {
                    var n = await source.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                    if (n == 0) return;
                    lock (_gate)
                    {
                        var room = (int)Math.Max(0, cap - _total);
                        target.Write(buffer, 0, Math.Min(n, room));
                        _total += n;
                        if (_total <= cap) continue;
                        Overflowed = true;
                    }
                    stop.Cancel(); // the waiter kills the sandbox
                    return;
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException) { }
        }

        public string Text(bool stdout)
        {
            lock (_gate) return Encoding.UTF8.GetString((stdout ? _out : _err).ToArray());
        }
    }
}
