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

    /// <summary>
    /// Refuses, with a <see cref="UserInputException"/>, a set this strategy cannot solve whatever the model says (e.g. a
    /// shared total too small for the probes), so callers can check before a model loads.
    /// </summary>
    void CheckSet(int problems, long samplesAlreadySpent = 0);

    /// <summary>Results in the order of <paramref name="problems"/>; each problem keeps its own seed, ledger and trace.</summary>
    Task<IReadOnlyList<StrategyResult>> SolveSetAsync(IReadOnlyList<Problem> problems, IGenerator generator, ProblemSetOptions options, CancellationToken cancellationToken = default);
}

/// <summary>How a caller runs a set of problems through an <see cref="IProblemSetStrategy"/>.</summary>
public sealed record ProblemSetOptions
{
    /// <summary>Problems sampled at once (an engine batches across them).</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>
    /// Samples this set already spent on problems finished in an earlier session (a resumed eval, whose finished
    /// problems are not in the list): a shared total is what is left of it after them.
    /// </summary>
    public long SamplesAlreadySpent { get; init; }

    /// <summary>
    /// Called once per problem (its index in the list) the moment its result is final, so a caller can write it and
    /// show progress while the rest are still being solved; every problem is reported before the call returns.
    /// </summary>
    public Action<int, StrategyResult>? Solved { get; init; }
}
