using TtsOrchestrator.Evals.Arith;

namespace TtsOrchestrator.Evals.Tests.Arith;

public class ArithGeneratorTests
{
    public static TheoryData<int> Levels => [1, 2, 3, 4, 5, 6];

    private static IEnumerable<ArithProblem> Draw(int seed, int level, int count)
    {
        var generator = new ArithGenerator(seed);
        return Enumerable.Range(0, count).Select(_ => generator.Generate(level)).ToList();
    }

    [Fact]
    public void The_worked_solution_of_the_example_follows_precedence()
    {
        var problem = ArithProblem.Create("x", "17+25*3-4");
        Assert.Equal("25*3=75 [17+75-4]\n17+75=92 [92-4]\n92-4=88\n#### 88", problem.Solution);
        Assert.Equal(3, problem.Level);
        Assert.Equal("88", problem.Answer);
    }

    [Theory]
    [InlineData("2*3*4+5", "2*3=6 [6*4+5]|6*4=24 [24+5]|24+5=29", "29")]
    [InlineData("10-20+5", "10-20=-10 [-10+5]|-10+5=-5", "-5")]
    [InlineData("100-2*3-4*5", "2*3=6 [100-6-4*5]|4*5=20 [100-6-20]|100-6=94 [94-20]|94-20=74", "74")]
    [InlineData("7-3-2", "7-3=4 [4-2]|4-2=2", "2")]
    public void Products_come_first_then_left_to_right(string expression, string steps, string answer)
    {
        var problem = ArithProblem.Create("x", expression);
        Assert.Equal(steps.Split('|'), problem.Steps);
        Assert.Equal(answer, problem.Answer);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Answers_match_an_independent_evaluator_and_the_last_step(int level)
    {
        foreach (var problem in Draw(seed: 7, level, count: 300))
        {
            Assert.Equal(ReferenceEvaluator.Evaluate(problem.Expression).ToString(), problem.Answer);
            Assert.EndsWith($"={problem.Answer}", problem.Steps[^1]);
            Assert.EndsWith($"\n#### {problem.Answer}", problem.Solution);
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void A_level_is_its_number_of_operations_and_steps(int level)
    {
        foreach (var problem in Draw(seed: 3, level, count: 200))
        {
            Assert.Equal(level, problem.Level);
            Assert.Equal(level, problem.Expression.Count(c => c is '+' or '-' or '*'));
            Assert.Equal(level, problem.Steps.Count);
            Assert.All(problem.Steps, step => Assert.Matches(@"^-?\d+[-+*]\d+=-?\d+( \[-?\d+([-+*]\d+)+\])?$", step));
            Assert.StartsWith($"arith/{level}/", problem.Id);
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Products_are_times_table_facts_and_other_numbers_at_most_two_digits(int level)
    {
        foreach (var problem in Draw(seed: 11, level, count: 300))
        {
            Assert.All(problem.Expression.Split('+', '-', '*'), n => Assert.InRange(int.Parse(n), 0, ArithGenerator.MaxAddend));
            // A product never follows a product: each term of the sum is a number or one times-table product.
            Assert.All(problem.Expression.Split('+', '-').Where(term => term.Contains('*')), product =>
            {
                var factors = product.Split('*');
                Assert.Equal(2, factors.Length);
                Assert.All(factors, factor => Assert.InRange(int.Parse(factor), 0, 9));
                Assert.InRange(int.Parse(factors[1]), 2, 9);
            });
            Assert.All(problem.Steps, step => Assert.InRange(Math.Abs(long.Parse(step[(step.IndexOf('=') + 1)..].Split(' ')[0])), 0, 999));
        }
    }

    [Fact]
    public void Most_sums_have_a_two_digit_number()
    {
        var sums = Draw(seed: 5, level: 1, count: 400).Where(p => !p.Expression.Contains('*')).ToList();
        Assert.InRange(sums.Count(p => p.Expression.Split('+', '-').Any(n => n.Length == 2)) / (double)sums.Count, 0.9, 1.0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_problems_and_different_seeds_differ()
    {
        var first = Draw(seed: 42, level: 4, count: 50).Select(p => p.Solution).ToList();
        var again = Draw(seed: 42, level: 4, count: 50).Select(p => p.Solution).ToList();
        var other = Draw(seed: 43, level: 4, count: 50).Select(p => p.Solution).ToList();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Levels_outside_1_to_6_are_refused(int level) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArithGenerator(1).Generate(level));
}
