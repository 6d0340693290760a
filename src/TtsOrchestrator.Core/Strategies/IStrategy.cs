using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Core.Strategies;

/// <summary>
/// A way of spending inference compute on one problem. Strategies know the problem's answer format
/// but never the engine (only <see cref="IGenerator"/>) and never the gold answer. Create one through
/// the strategy registry from a spec such as <c>majority:n=16</c>.
/// </summary>
public interface IStrategy
{
    /// <summary>The canonical spec this instance was built from.</summary>
    string Spec { get; }

    Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default);
}
