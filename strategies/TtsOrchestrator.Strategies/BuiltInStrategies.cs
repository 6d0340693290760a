using TtsOrchestrator.Core.Specs;

namespace TtsOrchestrator.Strategies;

/// <summary>The registry of every strategy this package ships; front ends build strategies from it.</summary>
public static class BuiltInStrategies
{
    public static StrategyRegistry CreateRegistry() => new StrategyRegistry()
        .Register(SingleStrategy.Descriptor)
        .Register(MajorityStrategy.Descriptor)
        .Register(AdaptiveConsistencyStrategy.Descriptor)
        .Register(BestOfNStrategy.Descriptor)
        .Register(MajorityStrategy.WeightedBestOfN)
        .Register(MajorityStrategy.ShortestMajority)
        .Register(ParallelThinkingStrategy.Descriptor)
        .Register(DeepPruneStrategy.Descriptor)
        .Register(BudgetStrategy.Descriptor);
}
