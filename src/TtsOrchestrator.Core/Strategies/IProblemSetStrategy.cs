using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Core.Strategies;

/// <summary>
/// A strategy that can spend one budget across a whole set of problems (the budget controller's allocation): callers
/// that hold a set (an eval run, a bench) hand it every problem at once; <see cref="IStrategy.SolveAsync"/> treats a
/// single problem as a set of one.
/// </summary>
public interface IProblemSetStrategy : IStrategy
{
    /// <summary>False when this instance's spec asks for no shared budget; callers then solve problem by problem.</summary>
    bool SpendsAcrossProblems { get; }

    /// <summary>Results in the order of <paramref name="problems"/>; each problem keeps its own seed, ledger and trace.</summary>
    Task<IReadOnlyList<StrategyResult>> SolveSetAsync(IReadOnlyList<Problem> problems, IGenerator generator, int concurrency, CancellationToken cancellationToken = default);
}
