using TtsOrchestrator.Core.Curves;

namespace TtsOrchestrator.Core.Tests.Curves;

public class MajorityAtKTests
{
    private static readonly MajorityOptions ForceMonteCarlo = new() { ExactLimit = 0, Draws = 20_000, Seed = 7 };

    [Fact]
    public void Two_of_three_for_the_right_answer()
    {
        // [A, A, B], A right. k=2: {A,A} (1 of 3 pairs) wins; {A,B} (2 of 3) ties: 1/3 + 2/3·1/2.
        var p = CurveSamples.Votes("A", "A", "A", "B");
        CurveSamples.AssertClose([2.0 / 3, 2.0 / 3, 1.0], MajorityAtK.Estimates(p, 3));
    }

    [Fact]
    public void Ties_are_broken_uniformly()
    {
        Assert.Equal(0.5, MajorityAtK.Estimate(CurveSamples.Votes("A", "A", "B"), 2), 12);
        // [A, B, C, C], C right. Pairs: CC wins (1), AB has no C (0), four pairs AC/BC tie (1/2):
        // (1 + 4/2)/6 = 1/2. Triples: ABC twice (three-way tie, 1/3 each), ACC and BCC win: (2/3 + 2)/4.
        var p = CurveSamples.Votes("C", "A", "B", "C", "C");
        CurveSamples.AssertClose([0.5, 0.5, 2.0 / 3, 1.0], MajorityAtK.Estimates(p, 4));
    }

    [Fact]
    public void No_answer_never_wins_and_all_unanswered_is_wrong()
    {
        // [-, -, A], A right: k=2 wins unless both blanks are drawn (1 of 3 pairs).
        CurveSamples.AssertClose([1.0 / 3, 2.0 / 3, 1.0], MajorityAtK.Estimates(CurveSamples.Votes("A", null, null, "A"), 3));
        // Three blanks outnumber A and B, which tie.
        Assert.Equal(0.5, MajorityAtK.Estimate(CurveSamples.Votes("A", null, null, null, "B", "A"), 5), 12);
        Assert.Equal(0.0, MajorityAtK.Estimate(new ProblemSamples("p", null, [null, null], [true, true]), 2));
    }

    [Fact]
    public void Maj_at_1_is_the_share_of_samples_with_a_right_answer()
    {
        var p = new ProblemSamples("p", null, ["1", "2", null, "1", "3"], [true, false, true, true, false]);
        Assert.Equal(2.0 / 5, MajorityAtK.Estimate(p, 1), 12);
    }

    [Fact]
    public void Exact_enumeration_matches_brute_force_over_all_subsets()
    {
        var rng = new Random(11);
        string?[] alphabet = ["A", "B", "C", null];
        for (var trial = 0; trial < 60; trial++)
        {
            var n = rng.Next(1, 10);
            var answers = Enumerable.Range(0, n).Select(_ => alphabet[rng.Next(alphabet.Length)]).ToArray();
            var right = alphabet[rng.Next(3)]!;
            var p = CurveSamples.Votes(right, answers);
            var estimates = MajorityAtK.Estimates(p, n);
            for (var k = 1; k <= n; k++)
                Assert.Equal(BruteForce(answers, right, k), estimates[k - 1], 12);
        }
    }

    [Fact]
    public void Monte_carlo_agrees_with_the_exact_value()
    {
        var p = CurveSamples.Votes("A", "A", "B", "A", "C", null, "B", "A", "D", "B", "C", "B", null);
        var exact = MajorityAtK.Estimates(p, p.N);
        var sampled = MajorityAtK.Estimates(p, p.N, ForceMonteCarlo);
        // 20,000 draws: the standard error is at most 0.0036, so 0.015 is over four of them.
        for (var k = 1; k <= p.N; k++) Assert.Equal(exact[k - 1], sampled[k - 1], 0.015);
        Assert.NotEqual(exact[4], sampled[4]); // it did sample
    }

    [Fact]
    public void Monte_carlo_is_reproducible_from_its_seed()
    {
        var p = CurveSamples.Votes("A", "A", "B", "A", "C", "B", "B", "A");
        var options = ForceMonteCarlo with { Draws = 300 };
        Assert.Equal(MajorityAtK.Estimates(p, 7, options), MajorityAtK.Estimates(p, 7, options));
        Assert.NotEqual(MajorityAtK.Estimates(p, 7, options), MajorityAtK.Estimates(p, 7, options with { Seed = 8 }));
    }

    [Fact]
    public void Enumeration_gives_up_past_the_limit()
    {
        // 12 distinct answers: every 6-subset is its own profile, C(12, 6) = 924 of them.
        var p = CurveSamples.Votes("0", Enumerable.Range(0, 12).Select(i => (string?)i.ToString()).ToArray());
        Assert.Null(MajorityAtK.Exact(p, 6, 923));
        // Every subset is a six-way tie; "0" is in half of them and then wins one time in six.
        Assert.Equal(1.0 / 12, MajorityAtK.Exact(p, 6, 924)!.Value, 12);
        // Many samples of few answers stay exact: 200 samples, 3 answers, at most 201² profiles.
        var big = CurveSamples.Votes("A", Enumerable.Range(0, 200).Select(i => (string?)"ABC"[i % 3].ToString()).ToArray());
        Assert.NotNull(MajorityAtK.Exact(big, 100, 20_000));
    }

    [Fact]
    public void A_unanimous_right_answer_wins_at_every_k()
    {
        var p = CurveSamples.Votes("7", "7", "7", "7", "7", "7");
        Assert.All(MajorityAtK.Estimates(p, 5), v => Assert.Equal(1.0, v, 12));
        Assert.All(MajorityAtK.Estimates(p, 5, ForceMonteCarlo with { Draws = 50 }), v => Assert.Equal(1.0, v, 12));
    }

    [Fact]
    public void Curve_averages_problems_with_intervals()
    {
        var problems = new[]
        {
            CurveSamples.Votes("A", "A", "A", "B"),
            CurveSamples.Votes("C", "A", "B", "C", "C"),
            CurveSamples.Votes("A", null, null, "A"),
            CurveSamples.Votes("X", "Y", "Y", "Y"),
        };
        var curve = MajorityAtK.Curve(problems, 3, bootstrap: new BootstrapOptions { Resamples = 300, Seed = 3 });
        CurveSamples.AssertClose([(2.0 / 3 + 0.5 + 1.0 / 3 + 0) / 4, (2.0 / 3 + 0.5 + 2.0 / 3) / 4, (1 + 2.0 / 3 + 1) / 4],
            curve.Select(c => c.Value).ToList());
        Assert.All(curve, c => Assert.InRange(c.Value, c.Low, c.High));
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityAtK.Curve(problems, 4));
        Assert.Throws<ArgumentException>(() => MajorityAtK.Curve(problems, 2, new MajorityOptions { Draws = 0, ExactLimit = -1 }));
    }

    [Fact]
    public void Monte_carlo_curve_uses_one_stream_per_problem()
    {
        var p = CurveSamples.Votes("A", "A", "B", "A", "C", "B", "B", "A");
        var options = ForceMonteCarlo with { Draws = 500 };
        var bootstrap = new BootstrapOptions { Resamples = 10 };
        var twice = MajorityAtK.Curve([p, p], 7, options, bootstrap).Select(c => c.Value).ToList();
        var once = MajorityAtK.Curve([p], 7, options, bootstrap).Select(c => c.Value).ToList();
        // Two copies of one problem draw differently, so their mean is not one copy's value...
        Assert.NotEqual(once.Take(6), twice.Take(6));
        // ...except at k = n, where every draw holds all the samples.
        Assert.Equal(once[6], twice[6], 12);
        Assert.Equal(once, MajorityAtK.Curve([p], 7, options, bootstrap).Select(c => c.Value));
    }

    /// <summary>Every k-subset of the samples, each voted with uniform tie-breaking.</summary>
    private static double BruteForce(string?[] answers, string right, int k)
    {
        var n = answers.Length;
        double total = 0;
        var subsets = 0;
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) != k) continue;
            subsets++;
            var tally = Enumerable.Range(0, n).Where(i => (mask >> i & 1) == 1 && answers[i] is not null)
                .GroupBy(i => answers[i]!).Select(g => (Answer: g.Key, Votes: g.Count())).ToList();
            if (tally.Count == 0) continue;
            var top = tally.Max(t => t.Votes);
            var leaders = tally.Where(t => t.Votes == top).ToList();
            total += leaders.Count(t => t.Answer == right) / (double)leaders.Count;
        }
        Assert.Equal(CurveSamples.Binomial(n, k), subsets);
        return total / subsets;
    }
}
