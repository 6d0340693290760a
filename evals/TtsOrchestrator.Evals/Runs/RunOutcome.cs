namespace TtsOrchestrator.Evals.Runs;

/// <summary>What an eval or sample invocation leaves: the summary it wrote and the lines behind it.</summary>
/// <param name="Lines">Finished lines of the selected problems, in benchmark order.</param>
/// <param name="AlreadyDone">Selected problems that earlier sessions had finished (skipped now).</param>
/// <param name="DroppedTornLine">The results file ended in a line torn by a killed run; it was dropped and its problem run again.</param>
public sealed record RunOutcome<TSummary, TLine>(TSummary Summary, IReadOnlyList<TLine> Lines, int AlreadyDone, bool DroppedTornLine);
