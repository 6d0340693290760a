using System.Text;

namespace TtsOrchestrator.Evals.Arith;

/// <summary>Which split an expression belongs to.</summary>
public enum ArithSplit { Train, Validation, Test }

/// <summary>
/// Disjoint train / validation / test splits. An expression's split is fixed by a stable hash of its
/// text (64-bit FNV-1a; 5% test, 5% validation, the rest train), so no expression can be in two splits
/// however many problems are drawn. Test and validation are fixed lists of 100 distinct problems per level (a
/// level whose split held fewer expressions would give all it has).
/// </summary>
public static class ArithSplits
{
    public const int PerLevel = 100;
    private const int DrawsWithoutNewExpression = 20_000; // a level whose split holds fewer than PerLevel expressions has run dry
    private const int TestSeed = 5_001;
    private const int ValidationSeed = 5_002;

    private static readonly Lazy<IReadOnlyList<ArithProblem>> TestList = new(() => Fixed(ArithSplit.Test, TestSeed, "arith"));
    private static readonly Lazy<IReadOnlyList<ArithProblem>> ValidationList = new(() => Fixed(ArithSplit.Validation, ValidationSeed, "arith-validation"));

    /// <summary>The benchmark: 100 problems per level 1..6 (600), ids <c>arith/&lt;level&gt;/&lt;index&gt;</c>.</summary>
    public static IReadOnlyList<ArithProblem> Test => TestList.Value;

    /// <summary>Held out for model selection during training, drawn like <see cref="Test"/>: ids <c>arith-validation/&lt;level&gt;/&lt;index&gt;</c>.</summary>
    public static IReadOnlyList<ArithProblem> Validation => ValidationList.Value;

    /// <summary>
    /// An endless stream of training problems, levels 1..6 in turn, skipping any expression of the other
    /// splits. Not deduplicated (small levels have few distinct expressions); take what you need.
    /// </summary>
    public static IEnumerable<ArithProblem> Train(int seed)
    {
        var generator = new ArithGenerator(seed);
        for (var n = 0; ; n++)
        {
            var level = ArithGenerator.MinLevel + n % ArithGenerator.MaxLevel;
            ArithProblem problem;
            do problem = generator.Generate(level);
            while (SplitOf(problem.Expression) != ArithSplit.Train);
            yield return problem with { Id = $"arith-train/{seed}/{n}" };
        }
    }

    public static ArithSplit SplitOf(string expression) => (StableHash(expression) % 100) switch
    {
        < 5 => ArithSplit.Test,
        < 10 => ArithSplit.Validation,
        _ => ArithSplit.Train,
    };

    // string.GetHashCode is randomized per process; splits must agree across processes and machines.
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    private static IReadOnlyList<ArithProblem> Fixed(ArithSplit split, int seed, string idPrefix)
    {
        var generator = new ArithGenerator(seed);
        var problems = new List<ArithProblem>();
        for (var level = ArithGenerator.MinLevel; level <= ArithGenerator.MaxLevel; level++)
        {
            var seen = new HashSet<string>();
            for (var misses = 0; seen.Count < PerLevel && misses < DrawsWithoutNewExpression; misses++)
            {
                var problem = generator.Generate(level);
                if (SplitOf(problem.Expression) == split && seen.Add(problem.Expression))
                {
                    problems.Add(problem with { Id = $"{idPrefix}/{level}/{seen.Count - 1}" });
                    misses = -1;
                }
            }
        }
        return problems;
    }
}
