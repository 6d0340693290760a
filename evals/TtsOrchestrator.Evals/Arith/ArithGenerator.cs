using System.Numerics;

namespace TtsOrchestrator.Evals.Arith;

/// <summary>
/// Draws random <see cref="ArithProblem"/>s, reproducibly for a seed. A level-L problem has L operators
/// drawn uniformly from + - * and no parentheses (precedence alone gives enough structure for a small
/// model). A product never follows a product and both its factors are one digit (the right one 2..9: ×0 and ×1
/// teach nothing), so each product is a times-table fact; every other number is drawn from 0..99, so most sums
/// and differences carry. Difficulty comes from the number of steps and the running value they carry (up to a
/// few hundred, possibly negative): a 3.6M-parameter model trained for two hours on two cores learns this
/// family but does not master it, which leaves room for test-time scaling.
/// </summary>
public sealed class ArithGenerator
{
    public const int MinLevel = 1;
    public const int MaxLevel = 6;

    /// <summary>The largest number that is not a factor of a product.</summary>
    public const int MaxAddend = 99;

    // Seeded System.Random keeps its legacy algorithm across .NET versions, so a seed names the same problems everywhere.
    private readonly Random _random;
    private readonly int[] _drawnPerLevel = new int[MaxLevel + 1];

    public ArithGenerator(int seed) => _random = new Random(seed);

    /// <summary>The next problem with <paramref name="level"/> operations; ids are <c>arith/&lt;level&gt;/&lt;k&gt;</c>, k counting this generator's draws.</summary>
    public ArithProblem Generate(int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);

        var ops = new char[level];
        for (var i = 0; i < level; i++) ops[i] = i > 0 && ops[i - 1] == '*' ? "+-"[_random.Next(2)] : "+-*"[_random.Next(3)];
        var numbers = new BigInteger[level + 1];
        for (var i = 0; i <= level; i++)
            numbers[i] = i > 0 && ops[i - 1] == '*' ? _random.Next(2, 10)
                : i < level && ops[i] == '*' ? _random.Next(0, 10)
                : _random.Next(0, MaxAddend + 1);
        var expression = new ArithExpression(numbers, ops).ToString();
        return ArithProblem.Create($"arith/{level}/{_drawnPerLevel[level]++}", expression);
    }
}
