namespace TtsOrchestrator.Evals.Tests;

public class WilsonIntervalTests
{
    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]     // the interval does not collapse at 0 like the normal one does
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(81, 100, 0.7222, 0.8749)]
    [InlineData(10, 10, 0.7225, 1.0)]
    public void Matches_published_wilson_intervals(int successes, int trials, double low, double high)
    {
        var (l, h) = WilsonInterval.Of(successes, trials);
        Assert.Equal(low, l, 3);
        Assert.Equal(high, h, 3);
    }
}
