namespace TtsOrchestrator.Evals.Code;

/// <summary>
/// A cgroup for one sandboxed run, so that its processes together stay under one memory and one process
/// budget (rlimits are per process: 32 processes of 1 GiB each could still take 32 GiB). Works with cgroup v2
/// when our cgroup delegates memory and pids, else with the v1 memory and pids hierarchies; where neither is
/// writable (an unprivileged container) the sandbox runs without one and says so.
/// </summary>
internal sealed class SandboxCgroup
{
    private readonly IReadOnlyList<string> _dirs;
    private readonly bool _v2;

    private SandboxCgroup(IReadOnlyList<string> dirs, bool v2)
    {
        _dirs = dirs;
        _v2 = v2;
    }

    /// <summary>The cgroup.procs files the launcher writes itself into (before it starts the interpreter).</summary>
    public IEnumerable<string> ProcsFiles => _dirs.Select(d => Path.Combine(d, "cgroup.procs"));

    /// <summary>Where new sandbox cgroups go: one v2 directory, or the v1 memory and pids directories; null with the reason when none is usable.</summary>
    public static (string? MemoryParent, string? PidsParent, bool V2, string? Why) Locate()
    {
        try
        {
            var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')).ToList();
            var own = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).Where(p => p.Length == 3).ToList();

            var v2Path = own.FirstOrDefault(p => p[0] == "0" && p[1] == "")?[2];
            var v2Mount = mounts.FirstOrDefault(m => FsType(m) == "cgroup2");
            if (v2Path is not null && v2Mount is not null)
            {
                var dir = Join(v2Mount, v2Path);
                if (Delegates(dir) && CanCreateChild(dir)) return (dir, dir, true, null);
            }

            string? V1(string controller)
            {
                var path = own.FirstOrDefault(p => p[1].Split(',').Contains(controller))?[2];
                var mount = mounts.FirstOrDefault(m => FsType(m) == "cgroup" && SuperOptions(m).Split(',').Contains(controller));
                if (path is null || mount is null) return null;
                var dir = Join(mount, path);
                return CanCreateChild(dir) ? dir : null;
            }

            var memory = V1("memory");
            var pids = V1("pids");
            if (memory is not null && pids is not null) return (memory, pids, false, null);
            return (null, null, false, "no writable cgroup with the memory and pids controllers");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null, false, $"cgroups unreadable ({e.Message})");
        }
    }

    /// <summary>A fresh cgroup with the run's limits; null when it cannot be made (then the run goes without).</summary>
    public static SandboxCgroup? Create(string memoryParent, string pidsParent, bool v2, SandboxLimits limits)
    {
        var name = $"tts-sandbox-{Guid.NewGuid():N}";
        // The interpreter's own limit plus the two tmpfs work areas (their pages are charged here too) and the launcher.
        var memory = limits.MemoryBytes + 2 * limits.WorkDirBytes + (64L << 20);
        // The launcher shell and its short-lived setup helpers are counted here as well as the code's processes.
        var pids = limits.MaxProcesses + 4;
        var dirs = new List<string>();
        try
        {
            if (v2)
            {
                var dir = Path.Combine(memoryParent, name);
                Directory.CreateDirectory(dir);
                dirs.Add(dir);
                File.WriteAllText(Path.Combine(dir, "memory.max"), memory.ToString());
                TryWrite(Path.Combine(dir, "memory.swap.max"), "0");
                File.WriteAllText(Path.Combine(dir, "pids.max"), pids.ToString());
            }
            else
            {
                var mem = Path.Combine(memoryParent, name);
                Directory.CreateDirectory(mem);
                dirs.Add(mem);
                File.WriteAllText(Path.Combine(mem, "memory.limit_in_bytes"), memory.ToString());
                var pid = Path.Combine(pidsParent, name);
                Directory.CreateDirectory(pid);
                dirs.Add(pid);
                File.WriteAllText(Path.Combine(pid, "pids.max"), pids.ToString());
            }
            return new SandboxCgroup(dirs, v2);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var d in dirs) TryRemove(d);
            return null;
        }
    }

    /// <summary>Whether the kernel's OOM killer ended a process of this cgroup.</summary>
    public bool OomKilled => _dirs.Any(d => Counter(Path.Combine(d, _v2 ? "memory.events" : "memory.oom_control"), "oom_kill") > 0);

    /// <summary>
    /// Whether the cgroup's memory use ran into its cap at all. At the cap the kernel first reclaims (dropping the
    /// interpreter's own file pages, which it then reads back), so on a loaded machine processes can thrash there past
    /// the wall clock before the OOM killer acts.
    /// </summary>
    public bool MemoryLimitHit => OomKilled || _dirs.Any(d => _v2
        ? Counter(Path.Combine(d, "memory.events"), "max") > 0
        : Value(Path.Combine(d, "memory.failcnt")) > 0);

    /// <summary>Whether a fork or clone was refused at pids.max.</summary>
    public bool ProcessLimitHit => _dirs.Any(d => Counter(Path.Combine(d, "pids.events"), "max") > 0);

    /// <summary>Removes the cgroup once its processes are gone (they die with the pid namespace; stragglers are killed).</summary>
    public async Task DeleteAsync()
    {
        foreach (var dir in _dirs)
        {
            for (var attempt = 0; attempt < 50 && Directory.Exists(dir); attempt++)
            {
                if (TryRemove(dir)) break;
                KillMembers(dir);
                await Task.Delay(20).ConfigureAwait(false);
            }
        }
    }

    private static void KillMembers(string dir)
    {
        try
        {
            foreach (var line in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")))
                if (int.TryParse(line, out var pid)) SandboxNative.Kill(pid, SandboxNative.SigKill);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static bool TryRemove(string dir)
    {
        try
        {
            Directory.Delete(dir); // rmdir: a cgroup directory goes away with its pseudo-files once it is empty
            return true;
        }
        catch (DirectoryNotFoundException) { return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static void TryWrite(string path, string value)
    {
        try { if (File.Exists(path)) File.WriteAllText(path, value); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static long Counter(string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], out var n)) return n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return 0;
    }

    private static long Value(string file)
    {
        try { return long.TryParse(File.ReadAllText(file).Trim(), out var n) ? n : 0; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }

    private static bool Delegates(string dir)
    {
        try
        {
            var control = File.ReadAllText(Path.Combine(dir, "cgroup.subtree_control")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return control.Contains("memory") && control.Contains("pids");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    private static bool CanCreateChild(string dir)
    {
        var probe = Path.Combine(dir, $"tts-sandbox-probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(probe);
            return TryRemove(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    // mountinfo: id parent major:minor root mountpoint options [optional...] - fstype source superoptions
    private static string FsType(string[] m) => Array.IndexOf(m, "-") is var i and >= 0 && i + 1 < m.Length ? m[i + 1] : "";
    private static string SuperOptions(string[] m) => Array.IndexOf(m, "-") is var i and >= 0 && i + 3 < m.Length ? m[i + 3] : "";

    /// <summary>The directory of cgroup <paramref name="path"/> under a mount whose root may itself be a sub-cgroup (containers).</summary>
    private static string Join(string[] mount, string path)
    {
        var root = mount[3];
        var relative = root != "/" && path.StartsWith(root, StringComparison.Ordinal) ? path[root.Length..] : path;
        return mount[4] + relative.TrimEnd('/');
    }
}
