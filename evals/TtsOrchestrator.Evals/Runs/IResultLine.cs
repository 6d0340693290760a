namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// One finished problem in a resumable results file (<see cref="ResultsFile{T}"/>). A run knows what it has done by
/// the ids in its file, and how long it took by the sessions that wrote the lines.
/// </summary>
public interface IResultLine
{
    /// <summary>The problem's id: a line with this id means the problem is done and is never run again.</summary>
    string Id { get; }

    /// <summary>Which invocation wrote the line (1 for the first run of a folder, 2 for the first resume, …).</summary>
    int Session { get; }

    /// <summary>Seconds from the start of that session until the line was written.</summary>
    double SessionSeconds { get; }

    /// <summary>What progress shows as the running score: 1 or 0 for an eval line, the share of correct samples for a sample line.</summary>
    double Score { get; }

    /// <summary>Tokens generated for the problem (for tokens per second).</summary>
    long GeneratedTokens { get; }
}
