namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// How maj@k is computed: exactly when few vote profiles are possible, otherwise by seeded Monte
/// Carlo over random draws, so small cases are checkable by hand and large ones stay cheap.
/// </summary>
public sealed record MajorityOptions
{
    public static MajorityOptions Default { get; } = new();

    /// <summary>Monte Carlo draws per problem (default 2000; 1..10,000,000).</summary>
    public int Draws { get; init; } = 2000;
    /// <summary>Seed of the Monte Carlo stream (problem i of a curve uses stream i of it).</summary>
    public int Seed { get; init; }
    /// <summary>
    /// Most vote profiles (how many of the k draws fall on each distinct answer) enumerated exactly
    /// for one k (default 20000; 0 forces Monte Carlo). There are never more profiles than C(n, k).
    /// </summary>
    public int ExactLimit { get; init; } = 20_000;

    /// <summary>Throws one <see cref="ArgumentException"/> naming every setting out of range.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Draws is < 1 or > 10_000_000) errors.Add($"Draws = {Draws} must be in 1..10000000");
        if (ExactLimit < 0) errors.Add($"ExactLimit = {ExactLimit} must be >= 0");
        if (errors.Count > 0) throw new ArgumentException("majority options: " + string.Join("; ", errors));
    }
}
