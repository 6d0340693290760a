using System.Text;

namespace TtsOrchestrator.Core.Strategies;

/// <summary>One line of a run's trace, stamped with the time since the run started.</summary>
public sealed record TraceEvent(TimeSpan At, string Message)
{
    public override string ToString() => $"[{At.TotalMilliseconds,8:0.0} ms] {Message}";
}

/// <summary>A readable, thread-safe log of what a strategy did and why.</summary>
public sealed class StrategyTrace(Func<TimeSpan> clock)
{
    private readonly List<TraceEvent> _events = [];
    private readonly Lock _gate = new();

    public void Add(string message)
    {
        var e = new TraceEvent(clock(), message);
        lock (_gate) _events.Add(e);
    }

    public IReadOnlyList<TraceEvent> Events { get { lock (_gate) return [.. _events]; } }

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var e in Events) sb.AppendLine(e.ToString());
        return sb.ToString();
    }
}
