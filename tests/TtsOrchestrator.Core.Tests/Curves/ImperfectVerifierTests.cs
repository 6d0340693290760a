using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Tests.Curves;

public class ImperfectVerifierTests
{
    [Theory]
    [InlineData(0.3, 1)]
    [InlineData(0.3, 8)]
    [InlineData(0.05, 64)]
    public void A_perfect_verifier_turns_best_of_n_into_coverage(double p, int n) =>
        Assert.Equal(1 - Math.Pow(1 - p, n), new ImperfectVerifier(1, 0).Accuracy(p, n), 12);

    [Fact]
    public void A_verifier_that_passes_everything_adds_nothing_and_is_worth_one_sample()
    {
        var blind = new ImperfectVerifier(1, 1);
        Assert.Equal(0.4, blind.Accuracy(0.4, 32), 12);
        Assert.Equal(1, blind.UsefulSamples([0.4, 0.7]));
    }

    [Fact]
    public void Accuracy_saturates_at_the_false_positive_limit()
    {
        var verifier = new ImperfectVerifier(0.9, 0.1);
        const double p = 0.2;
        var limit = p * 0.9 / (p * 0.9 + 0.8 * 0.1); // 0.692
        Assert.Equal(limit, verifier.Limit(p), 12);
        Assert.Equal(limit, verifier.Accuracy(p, 100_000), 6);
        Assert.True(verifier.Accuracy(p, 4) < verifier.Accuracy(p, 16));
        Assert.Equal(p, verifier.Accuracy(p, 1), 12); // one sample: passing or not, it is the answer
    }

    [Fact]
    public void A_better_verifier_makes_more_samples_useful()
    {
        double[] rates = [0.05, 0.2, 0.5, 0.9];
        var loose = new ImperfectVerifier(0.9, 0.2).UsefulSamples(rates);
        var tight = new ImperfectVerifier(0.9, 0.01).UsefulSamples(rates);
        Assert.True(tight > loose, $"tight {tight} vs loose {loose}");
        var atCap = new ImperfectVerifier(0.9, 0.2);
        Assert.True(atCap.Accuracy(rates, 2 * loose) - atCap.Accuracy(rates, loose) < ImperfectVerifier.DefaultTolerance);
    }

    [Fact]
    public void Rates_outside_0_to_1_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ImperfectVerifier(1.2, 0.1).Validate());
}
