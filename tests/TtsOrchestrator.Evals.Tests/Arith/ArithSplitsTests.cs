using TtsOrchestrator.Evals.Arith;

namespace TtsOrchestrator.Evals.Tests.Arith;

public class ArithSplitsTests
{
    [Fact]
    public void The_test_split_has_100_distinct_problems_per_level()
    {
        var test = ArithSplits.Test;
        Assert.All(Enumerable.Range(1, 6), level => Assert.Equal(100, test.Count(p => p.Level == level)));
        Assert.Equal(600, test.Count);
        Assert.Equal(test.Count, test.Select(p => p.Expression).Distinct().Count());
        Assert.Equal(test.Count, test.Select(p => p.Id).Distinct().Count());
        Assert.Equal("arith/1/0", test[0].Id);
        Assert.Equal("arith/6/99", test[^1].Id);
    }

    [Fact]
    public void The_test_split_is_fixed()
    {
        Assert.Same(ArithSplits.Test, ArithSplits.Test);
        // Pinned: a change here silently changes the benchmark, so it must be deliberate.
        Assert.Equal(PinnedFirstTestExpression, ArithSplits.Test[0].Expression);
        Assert.Equal(PinnedLastTestExpression, ArithSplits.Test[^1].Expression);
    }

    private const string PinnedFirstTestExpression = "20-61";
    private const string PinnedLastTestExpression = "55+44-71-5*2-49-74";

    [Fact]
    public void Every_fixed_problem_hashes_into_its_own_split()
    {
        Assert.All(ArithSplits.Test, p => Assert.Equal(ArithSplit.Test, ArithSplits.SplitOf(p.Expression)));
        Assert.All(ArithSplits.Validation, p => Assert.Equal(ArithSplit.Validation, ArithSplits.SplitOf(p.Expression)));
        Assert.Equal(600, ArithSplits.Validation.Count);
    }

    [Fact]
    public void No_expression_is_in_two_splits()
    {
        var test = ArithSplits.Test.Select(p => p.Expression).ToHashSet();
        var validation = ArithSplits.Validation.Select(p => p.Expression).ToHashSet();
        Assert.Empty(test.Intersect(validation));

        var train = ArithSplits.Train(seed: 1).Take(20_000).ToList();
        Assert.DoesNotContain(train, p => test.Contains(p.Expression) || validation.Contains(p.Expression));
        Assert.All(Enumerable.Range(1, 6), level => Assert.Equal(20_000 / 6, train.Count(p => p.Level == level), tolerance: 1));
    }

    [Fact]
    public void Training_streams_are_reproducible_per_seed()
    {
        Assert.Equal(ArithSplits.Train(5).Take(100).Select(p => p.Solution), ArithSplits.Train(5).Take(100).Select(p => p.Solution));
        Assert.NotEqual(ArithSplits.Train(5).Take(100).Select(p => p.Solution), ArithSplits.Train(6).Take(100).Select(p => p.Solution));
    }

    [Fact]
    public void About_a_tenth_of_expressions_are_held_out()
    {
        var generator = new ArithGenerator(9);
        var splits = Enumerable.Range(0, 20_000).Select(_ => ArithSplits.SplitOf(generator.Generate(6).Expression)).ToList();
        Assert.InRange(splits.Count(s => s == ArithSplit.Test), 800, 1200);
        Assert.InRange(splits.Count(s => s == ArithSplit.Validation), 800, 1200);
    }
}
