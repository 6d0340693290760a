namespace TtsOrchestrator.Core.Allocation;

/// <summary>What <see cref="Extra"/> more samples are expected to add to the chance that a majority vote is right.</summary>
public readonly record struct GainEstimate(double Now, double After, int Extra)
{
    public double Gain => After - Now;
    public double PerSample => Extra == 0 ? 0 : Gain / Extra;
}

/// <summary>
/// What more samples are worth to a majority vote, from the votes seen so far and nothing else (never the gold).
/// <para>
/// The model's answer distribution gets a Dirichlet-process posterior: the answers seen have shares drawn from
/// Dirichlet(counts…, unanswered, <c>concentration</c>), and the last part belongs to answers not seen yet, split by
/// stick-breaking, so an unseen answer can turn out to be the mode (two agreeing samples do not settle a problem
/// whose model is unsure). A vote counts as right when its leader is the distribution's mode, weighted by the mode's
/// share: a 30% plurality is right less often than a 90% one (self-consistency's agreement is roughly calibrated),
/// which is what makes hopeless problems (every sample different) worth little more compute.
/// </para>
/// <para>
/// Monte Carlo: each draw samples a distribution from the posterior, scores the current leader against its mode,
/// then simulates the extra samples and scores the new leader against the same mode (common random numbers, so
/// the difference is much less noisy than either value).
/// </para>
/// </summary>
public sealed class MajorityGain
{
    private const int MaxUnseenAnswers = 16;   // sticks beyond these are dust: each draw from it is an answer of its own
    private const double NegligibleMass = 1e-3;

    private readonly double _concentration;
    private readonly int _draws;

    /// <param name="concentration">
    /// The Dirichlet process's concentration, at least: how much mass new answers get (1 = as much as one seen sample).
    /// When the samples' own spread says more (<see cref="ConcentrationFitting"/>), that is used.
    /// </param>
    /// <param name="draws">Monte Carlo draws per estimate.</param>
    public MajorityGain(double concentration = 1.0, int draws = 400)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concentration);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draws);
        (_concentration, _draws) = (concentration, draws);
    }

    /// <summary>
    /// The expected value of the vote now and after <paramref name="extra"/> more samples.
    /// <paramref name="counts"/> are the answer groups' sizes (any order), <paramref name="unanswered"/> the samples
    /// without an answer (they never win but they are evidence of a spread-out model).
    /// </summary>
    public GainEstimate Estimate(IReadOnlyList<int> counts, int unanswered, int extra, Random random)
    {
        Check(counts, unanswered, extra);
        return Estimate(counts, unanswered, extra, Concentration(counts), random);
    }

    private static void Check(IReadOnlyList<int> counts, int unanswered, int extra)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unanswered);
        ArgumentOutOfRangeException.ThrowIfNegative(extra);
        if (counts.Any(c => c <= 0)) throw new ArgumentException("answer group sizes must be positive", nameof(counts));
    }

    private GainEstimate Estimate(IReadOnlyList<int> counts, int unanswered, int extra, double concentration, Random random)
    {

        double now = 0, after = 0;
        var seen = counts.Count;
        var shares = new List<double>(seen + MaxUnseenAnswers + 2);
        var votes = new List<int>(seen + MaxUnseenAnswers + extra);
        for (var d = 0; d < _draws; d++)
        {
            var (dust, nullShare) = DrawDistribution(counts, unanswered, concentration, random, shares);
            var mode = ArgMax(shares);
            var weight = shares[mode];
            now += LeaderScore(counts, mode) * weight;
            if (extra == 0) continue;

            votes.Clear();
            votes.AddRange(counts);
            while (votes.Count < shares.Count) votes.Add(0);
            for (var s = 0; s < extra; s++)
            {
                var u = random.NextDouble();
                if ((u -= nullShare) < 0) continue;          // no answer: no vote
                if ((u -= dust) < 0) { votes.Add(1); continue; } // a brand-new answer that will not recur
                var k = 0;
                while (k < shares.Count - 1 && (u -= shares[k]) >= 0) k++;
                votes[k]++;
            }
            after += LeaderScore(votes, mode) * weight;
        }
        return new GainEstimate(now / _draws, extra == 0 ? now / _draws : after / _draws, extra);
    }

    /// <summary>
    /// The best rate of return over horizons of <paramref name="batch"/>, 2·batch, 4·batch, … up to
    /// <paramref name="maxExtra"/> samples: the estimate with the highest gain per sample. Looking further than one batch
    /// matters: two more samples can never overturn two agreeing ones, yet eight can, so a one-batch view would call an
    /// unsure problem settled.
    /// </summary>
    public GainEstimate BestRate(IReadOnlyList<int> counts, int unanswered, int batch, int maxExtra, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        Check(counts, unanswered, extra: 0);
        var best = new GainEstimate(0, 0, 0);
        var concentration = Concentration(counts); // the same for every horizon
        for (var extra = Math.Min(batch, maxExtra); extra > 0; extra = extra >= maxExtra ? 0 : Math.Min(2 * extra, maxExtra))
        {
            var estimate = Estimate(counts, unanswered, extra, concentration, random);
            if (best.Extra == 0 || estimate.PerSample > best.PerSample) best = estimate;
        }
        return best.Extra == 0 ? Estimate(counts, unanswered, 0, concentration, random) : best;
    }

    /// <summary>
    /// One distribution from the posterior: the seen answers' shares, then the unseen answers' (stick-breaking), in
    /// <paramref name="shares"/>; returns the dust (many tiny unseen answers) and the no-answer share.
    /// </summary>
    private static (double Dust, double NullShare) DrawDistribution(IReadOnlyList<int> counts, int unanswered, double concentration, Random random, List<double> shares)
    {
        shares.Clear();
        double total = 0;
        foreach (var c in counts)
        {
            var g = Gamma(c, random);
            shares.Add(g);
            total += g;
        }
        var nullShare = unanswered > 0 ? Gamma(unanswered, random) : 0;
        var rest = Gamma(concentration, random);
        total += nullShare + rest;
        for (var i = 0; i < shares.Count; i++) shares[i] /= total;
        nullShare /= total;
        rest /= total;

        // Stick-breaking of the unseen mass: each new answer takes a Beta(1, concentration) part of what is left.
        while (rest > NegligibleMass && shares.Count < counts.Count + MaxUnseenAnswers)
        {
            var part = rest * (1 - Math.Pow(1 - random.NextDouble(), 1 / concentration));
            shares.Add(part);
            rest -= part;
        }
        if (shares.Count == 0) { shares.Add(0); } // nothing seen and no unseen answer drawn: a mode of share 0
        return (rest, nullShare);
    }

    /// <summary>
    /// The concentration used for <paramref name="counts"/>: the configured one, or more when the samples are more
    /// spread out than it expects (<see cref="ConcentrationFitting"/>), shrunk toward the configured value on a log
    /// scale as if it had been seen in <see cref="PriorSamples"/> samples: two different answers out of two say little
    /// (their fit is "all different": infinite), six out of six say much more.
    /// </summary>
    internal double Concentration(IReadOnlyList<int> counts)
    {
        var n = counts.Sum();
        var fitted = ConcentrationFitting(counts);
        if (n == 0 || fitted <= _concentration) return _concentration;
        return Math.Exp((n * Math.Log(fitted) + PriorSamples * Math.Log(_concentration)) / (n + PriorSamples));
    }

    /// <summary>How many samples' worth of weight the configured concentration has against the fitted one.</summary>
    public const int PriorSamples = 4;

    /// <summary>
    /// The concentration under which <paramref name="counts"/>' number of distinct answers is what a Dirichlet process
    /// would expect (its maximum-likelihood value: sum over i &lt; n of a/(a+i) = distinct), at most
    /// <see cref="MaxConcentration"/>. Samples that all differ say the model is spread out whatever the prior said, and
    /// such a problem is not worth sampling on until its mode shows.
    /// </summary>
    internal static double ConcentrationFitting(IReadOnlyList<int> counts)
    {
        var (distinct, n) = (counts.Count, counts.Sum());
        if (distinct <= 1) return 0;
        if (distinct >= n) return MaxConcentration;
        double Expected(double a) { double e = 0; for (var i = 0; i < n; i++) e += a / (a + i); return e; }
        double low = 1e-3, high = MaxConcentration;
        for (var step = 0; step < 60; step++)
        {
            var middle = Math.Sqrt(low * high);
            if (Expected(middle) < distinct) low = middle; else high = middle;
        }
        return Math.Sqrt(low * high);
    }

    /// <summary>The largest concentration <see cref="ConcentrationFitting"/> gives (all samples different).</summary>
    public const double MaxConcentration = 50;

    /// <summary>1 when the mode leads alone, 1/t when it ties with t-1 others for the lead (the tie is broken at random), else 0.</summary>
    private static double LeaderScore(IReadOnlyList<int> votes, int mode)
    {
        var top = 0;
        foreach (var v in votes) top = Math.Max(top, v);
        if (top == 0 || mode >= votes.Count || votes[mode] != top) return 0;
        var tied = 0;
        foreach (var v in votes) if (v == top) tied++;
        return 1.0 / tied;
    }

    private static int ArgMax(List<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++) if (values[i] > values[best]) best = i;
        return best;
    }

    private static double Gamma(double shape, Random random) => MathNet.Numerics.Distributions.Gamma.Sample(random, shape, 1.0);
}
