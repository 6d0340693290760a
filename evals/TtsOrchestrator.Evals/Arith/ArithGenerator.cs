using System.Numerics;

namespace TtsOrchestrator.Evals.Arith;

/// <summary>
/// Draws random <see cref="ArithProblem"/>s, reproducibly for a seed. A level-L problem has L operators
/// drawn uniformly from + - * and no parentheses (precedence alone gives enough structure for a small
/// model). Every number in the question is one digit and a product never follows a product, so each product is
/// a times-table fact (right factor 2..9: ×0 and ×1 teach nothing); difficulty comes from the number of steps
/// and the running value they carry (up to a few hundred, possibly negative), which a 3.6M-parameter model
/// trained for two hours on two cores can learn but not master.
/// </summary>
public sealed class ArithGenerator
{
    public const int MinLevel = 1;
    public const int MaxLevel = 6;

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
        for (var i = 0; i <= level; i++) numbers[i] = i > 0 && ops[i - 1] == '*' ? _random.Next(2, 10) : _random.Next(0, 10);
        var expression = new ArithExpression(numbers, ops).ToString();
        return ArithProblem.Create($"arith/{level}/{_drawnPerLevel[level]++}", expression);
    }
}
