using System.Numerics.Tensors;

namespace TtsOrchestrator.Trainer;

/// <summary>How far a model's logits are from a reference's, both row-major [position][vocabulary].</summary>
/// <param name="MaxAbs">Largest |candidate - reference| over every position and token (NaN when either has a NaN).</param>
/// <param name="Spread">Largest max-minus-min of the reference at one position: the scale <paramref name="MaxAbs"/> is read against.</param>
/// <param name="ArgmaxAgreements">Positions whose most likely next token is the same in both.</param>
public readonly record struct LogitDifference(double MaxAbs, double Spread, int ArgmaxAgreements, int Positions)
{
    public static LogitDifference Of(ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate, int vocabulary)
    {
        if (reference.Length != candidate.Length || reference.Length % vocabulary != 0)
            throw new ArgumentException($"logit matrices of {reference.Length} and {candidate.Length} values do not match a vocabulary of {vocabulary}");
        double maxAbs = 0, spread = 0;
        var agreements = 0;
        var positions = reference.Length / vocabulary;
        for (var p = 0; p < positions; p++)
        {
            var r = reference.Slice(p * vocabulary, vocabulary);
            var c = candidate.Slice(p * vocabulary, vocabulary);
            for (var t = 0; t < vocabulary; t++)
            {
                var d = Math.Abs((double)r[t] - c[t]);
                if (d > maxAbs || double.IsNaN(d)) maxAbs = d; // a NaN sticks, so a broken model never reads as a match
            }
            spread = Math.Max(spread, (double)TensorPrimitives.Max(r) - TensorPrimitives.Min(r));
            if (TensorPrimitives.IndexOfMax(r) == TensorPrimitives.IndexOfMax(c)) agreements++;
        }
        return new LogitDifference(maxAbs, spread, agreements, positions);
    }

    public override string ToString() =>
        $"max |logit difference| {MaxAbs:G3} (logits span up to {Spread:0.0}); argmax agrees at {ArgmaxAgreements}/{Positions} positions";
}
