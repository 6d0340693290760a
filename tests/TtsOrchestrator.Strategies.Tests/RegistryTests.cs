using TtsOrchestrator.Strategies;

namespace TtsOrchestrator.Strategies.Tests;

public class RegistryTests
{
    [Fact]
    public void Every_strategy_class_is_registered_and_documented()
    {
        var registry = BuiltInStrategies.CreateRegistry();
        var strategyTypes = typeof(BuiltInStrategies).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && typeof(Core.Strategies.IStrategy).IsAssignableFrom(t))
            .ToList();
        // Every class is reachable by name (one class may serve several names, e.g. majority and weighted-bon).
        Assert.Equal(strategyTypes.OrderBy(t => t.Name), registry.Strategies.Select(d => registry.Create(d.Example!).GetType()).Distinct().OrderBy(t => t.Name));
        foreach (var d in registry.Strategies)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Summary), d.Name);
            Assert.NotNull(d.Example);
            Assert.All(d.Keys, k => Assert.False(string.IsNullOrWhiteSpace(k.Description), $"{d.Name}.{k.Name}"));
            // The example spec parses, and the canonical spec round-trips to itself.
            var canonical = registry.Parse(d.Example!).Canonical;
            Assert.Equal(canonical, registry.Parse(canonical).Canonical);
            Assert.Equal(canonical, registry.Create(d.Example!).Spec);
        }
        Assert.Equal(["single", "majority", "adaptive-sc", "best-of-n", "weighted-bon", "shortest-majority", "parallel-thinking", "deep-prune", "budget"], registry.Strategies.Select(d => d.Name));
    }
}
