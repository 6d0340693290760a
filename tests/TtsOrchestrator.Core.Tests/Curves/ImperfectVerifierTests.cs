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

    [Theory]
    [InlineData(0, 4)]
    [InlineData(3, 4)]
    [InlineData(7, 20)]
    public void With_a_perfect_verifier_the_pass_rate_posterior_is_the_beta_posterior(int passes, int probes)
    {
        // TPR 1, FPR 0: a pass is a right sample, so a uniform prior gives Beta(passes + 1, fails + 1).
        var quantiles = new ImperfectVerifier(1, 0).PassRatePosterior(passes, probes, points: 10);
        var beta = new MathNet.Numerics.Distributions.Beta(passes + 1, probes - passes + 1);
        for (var j = 0; j < 10; j++)
            Assert.Equal(beta.InverseCumulativeDistribution((j + 0.5) / 10), quantiles[j], 3);
    }

    [Fact]
    public void A_false_positive_rate_makes_passes_weaker_evidence()
    {
        var perfect = new ImperfectVerifier(1, 0).PassRatePosterior(4, 4);
        var loose = new ImperfectVerifier(0.9, 0.4).PassRatePosterior(4, 4);
        Assert.True(loose.Average() < perfect.Average() - 0.05);
        Assert.Equal(loose.Order(), loose); // quantiles ascend
    }

    [Fact]
    public void Measured_rates_count_passes_among_right_and_wrong_samples_and_the_auroc_ranks_them()
    {
        (double, bool)[] samples = [(0.9, true), (0.7, true), (0.4, true), (0.6, false), (0.2, false), (0.1, false), (double.NegativeInfinity, false), (double.NaN, true)];
        var m = VerifierMeasurement.Of(samples, threshold: 0.5);
        Assert.Equal((3, 2, 4, 1), (m.Right, m.RightPassed, m.Wrong, m.WrongPassed));
        Assert.Equal((2.0 / 3, 0.25), (m.TruePositiveRate, m.FalsePositiveRate));
        Assert.Equal(11.0 / 12, m.Auroc, 12); // of 12 right-wrong pairs only (0.4, 0.6) is ranked wrong
        Assert.Equal(0.5, VerifierMeasurement.AreaUnderRoc([0.5, 0.5], [0.5]), 12);
        Assert.Throws<InvalidOperationException>(() => VerifierMeasurement.Of([(0.9, true)]).Verifier);
    }

    [Theory]
    [InlineData(0.95, 0.05, 0, 4, 64)] // a sharp verifier: four failed probes may be a hard problem it can still crack
    [InlineData(0.9, 0.4, 0, 4, 8)]    // a loose one: more samples mostly add false positives
    [InlineData(0.9, 0.2, 8, 8, 4)]    // eight passes of eight: the problem is easy, four would have done
    public void The_useful_n_of_one_problem_follows_its_probes_and_the_verifier(double tpr, double fpr, int passes, int probes, int useful)
    {
        var verifier = new ImperfectVerifier(tpr, fpr);
        Assert.Equal(useful, verifier.UsefulSamples(verifier.PassRatePosterior(passes, probes), maxN: 64));
    }
}
