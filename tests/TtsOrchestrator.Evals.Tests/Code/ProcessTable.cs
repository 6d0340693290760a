namespace TtsOrchestrator.Evals.Tests.Code;

/// <summary>Looks at the machine's process table (/proc) to check that nothing a sandbox started is still alive.</summary>
public static class ProcessTable
{
    /// <summary>Processes whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> WithCommandLine(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Processes running as a sandbox's throwaway uid (the range PythonSandbox draws from).</summary>
    public static IReadOnlyList<int> OfThrowawayUids()
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var uidLine = File.ReadLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
                var uid = uidLine?.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).FirstOrDefault() ?? 0;
                if (uid >= 1_900_000_000 && uid < 2_000_000_000) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>Polls until <paramref name="none"/> is empty (the kernel reaps a dead namespace asynchronously) or a few seconds pass.</summary>
    public static async Task<IReadOnlyList<int>> WaitUntilGoneAsync(Func<IReadOnlyList<int>> none)
    {
        var left = none();
        for (var i = 0; i < 50 && left.Count > 0; i++)
        {
            await Task.Delay(100);
            left = none();
        }
        return left;
    }

    /// <summary>Available memory in bytes (MemAvailable).</summary>
    public static long AvailableMemory() =>
        long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
}
