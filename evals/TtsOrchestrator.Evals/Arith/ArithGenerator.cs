using System.Numerics;

namespace TtsOrchestrator.Evals.Arith;

/// <summary>
/// Draws random <see cref="ArithProblem"/>s, reproducibly for a seed. A level-L problem has L operators
/// drawn uniformly from + - * and no parentheses (precedence alone gives enough structure for a small
/// model). Operands: 0..99 at levels 1-2 and 0..999 above; a product's left factor is at most 99 and its
/// right factor 2..20, so every multiplication step has one factor a tiny model can learn (×0 and ×1 teach nothing).
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
        for (var i = 0; i < level; i++) ops[i] = "+-*"[_random.Next(3)];
        var numbers = new BigInteger[level + 1];
        for (var i = 0; i <= level; i++)
        {
            numbers[i] = i > 0 && ops[i - 1] == '*' ? _random.Next(2, 21)
                : i < level && ops[i] == '*' ? _random.Next(0, 100)
                : _random.Next(0, MaxOperand(level) + 1);
        }
        var expression = new ArithExpression(numbers, ops).ToString();
        return ArithProblem.Create($"arith/{level}/{_drawnPerLevel[level]++}", expression);
    }

    private static int MaxOperand(int level) => level <= 2 ? 99 : 999;
}
