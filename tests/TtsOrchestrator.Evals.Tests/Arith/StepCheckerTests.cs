using TtsOrchestrator.Evals.Arith;

namespace TtsOrchestrator.Evals.Tests.Arith;

public class StepCheckerTests
{
    private static readonly ArithProblem Example = ArithProblem.Create("x", "17+25*3-4");

    private static IEnumerable<StepError> Errors(ArithProblem problem, params string[] lines) =>
        StepChecker.Check(problem, string.Join("\n", lines)).Select(v => v.Error);

    [Fact]
    public void Every_generated_step_is_correct()
    {
        var generator = new ArithGenerator(17);
        for (var level = 1; level <= 6; level++)
        for (var k = 0; k < 200; k++)
        {
            var problem = generator.Generate(level);
            var verdicts = StepChecker.Check(problem, problem.Solution);
            Assert.Equal(problem.Steps, verdicts.Select(v => v.Text));
            Assert.All(verdicts, v => Assert.True(v.IsCorrect, $"{problem.Expression}: {v.Text} {v.Error}"));
        }
    }

    [Fact]
    public void Each_verdict_names_the_step_the_canonical_solution_takes_there_replaying_only_correct_steps()
    {
        // 17+25*3-4: 25*3=75 first; a slipped "25*3=76" leaves the expression as it was, so 25*3=75 is still expected.
        var verdicts = StepChecker.Check(Example, "25*3=76\n25*3=75\n17+75=92\n92-4=88");
        Assert.Equal(["25*3=75 [17+75-4]", "25*3=75 [17+75-4]", "17+75=92 [92-4]", "92-4=88"], verdicts.Select(v => v.Expected));
    }

    [Fact]
    public void A_step_in_another_valid_order_is_redone_as_itself_and_a_step_out_of_order_as_the_canonical_one()
    {
        // 5*2+17+25*3-4: 25*3 before 5*2 is a valid order; 17+25 before 25*3 is not.
        var problem = ArithProblem.Create("y", "5*2+17+25*3-4");
        Assert.Equal(["25*3=75 [5*2+17+75-4]", "5*2=10 [10+17+75-4]"], StepChecker.Check(problem, "25*3=75\n5*2=10").Select(v => v.Expected));
        Assert.Equal(["25*3=75 [5*2+17+75-4]"], StepChecker.Check(problem, "25*3=74").Select(v => v.Expected)); // a slip: the same operation, done right
        var outOfOrder = StepChecker.Check(problem, "17+25=42").Single();
        Assert.Equal((StepError.WrongOrder, "5*2=10 [10+17+25*3-4]"), (outOfOrder.Error, outOfOrder.Expected));
    }

    [Fact]
    public void Solutions_in_random_valid_orders_are_right_step_by_step_and_vary()
    {
        var generator = new ArithGenerator(29);
        var random = new Random(3);
        var varied = 0;
        for (var k = 0; k < 300; k++)
        {
            var problem = generator.Generate(3 + k % 4);
            var solutions = Enumerable.Range(0, 6).Select(_ => problem.SolutionInRandomOrder(random)).ToList();
            foreach (var solution in solutions)
            {
                var verdicts = StepChecker.Check(problem, solution);
                Assert.Equal(problem.Level, verdicts.Count);
                Assert.All(verdicts, v => Assert.True(v.IsCorrect && v.Expected == v.Text, $"{problem.Expression}: {v.Text} {v.Error} {v.Expected}"));
                Assert.EndsWith($"#### {problem.Answer}", solution);
                Assert.DoesNotContain("+-", solution);
            }
            if (solutions.Distinct().Count() > 1) varied++;
        }
        Assert.True(varied > 200, $"{varied} of 300 problems got more than one order");
    }

    [Fact]
    public void Any_generated_step_with_a_result_off_by_one_is_a_wrong_result()
    {
        var generator = new ArithGenerator(23);
        for (var k = 0; k < 300; k++)
        {
            var problem = generator.Generate(1 + k % 6);
            for (var i = 0; i < problem.Steps.Count; i++)
            {
                var step = problem.Steps[i];
                var end = step.IndexOf(' ') is var space and >= 0 ? space : step.Length;
                var result = long.Parse(step[(step.IndexOf('=') + 1)..end]);
                var corrupted = problem.Steps.Take(i).Append($"{step[..step.IndexOf('=')]}={result + 1}{step[end..]}");
                Assert.Equal(StepError.WrongResult, StepChecker.Check(problem, string.Join("\n", corrupted))[i].Error);
            }
        }
    }

    [Fact]
    public void Generated_steps_write_what_is_left_after_them_in_brackets()
    {
        Assert.Equal(["25*3=75 [17+75-4]", "17+75=92 [92-4]", "92-4=88"], Example.Steps);
    }

    [Fact]
    public void A_right_step_followed_by_a_wrong_remainder_is_rejected()
    {
        Assert.Equal([StepError.WrongRemainder], Errors(Example, "25*3=75 [17+76-4]"));
        Assert.Equal([StepError.WrongRemainder], Errors(Example, "25*3=75 [17+75]"));
        Assert.Equal([StepError.None, StepError.WrongRemainder], Errors(Example, "25*3=75 [17+75-4]", "17+75=92 [93-4]"));
    }

    [Fact]
    public void Steps_without_brackets_are_judged_on_the_operation_alone()
    {
        Assert.Equal([StepError.None, StepError.None, StepError.None], Errors(Example, "25*3=75", "17+75=92", "92-4=88"));
    }

    [Fact]
    public void With_repeated_neighbours_the_brackets_say_which_one_was_reduced()
    {
        var problem = ArithProblem.Create("x", "3+4*2+3+4");
        // 3+4 occurs twice; taking the second one first is legal and its remainder differs from the first one's.
        Assert.Equal([StepError.None, StepError.None], Errors(problem, "4*2=8 [3+8+3+4]", "3+4=7 [3+8+7]"));
    }

    [Fact]
    public void A_wrong_result_is_rejected_and_its_result_is_not_available_later()
    {
        Assert.Equal(
            [StepError.WrongResult, StepError.OperandsUnavailable, StepError.OperandsUnavailable],
            Errors(Example, "25*3=76", "17+76=93", "93-4=89"));
    }

    [Fact]
    public void An_operand_that_is_not_in_the_expression_or_an_earlier_result_is_unavailable()
    {
        Assert.Equal([StepError.OperandsUnavailable], Errors(Example, "26*3=78"));
        Assert.Equal([StepError.None, StepError.OperandsUnavailable], Errors(Example, "25*3=75", "17+17=34"));
    }

    [Fact]
    public void Ignoring_precedence_is_wrong_order()
    {
        Assert.Equal([StepError.WrongOrder], Errors(Example, "17+25=42"));
        Assert.Equal([StepError.WrongOrder], Errors(ArithProblem.Create("x", "10-3+2"), "3+2=5"));
    }

    [Fact]
    public void Equivalent_orders_and_commuted_operands_are_correct()
    {
        Assert.Equal([StepError.None, StepError.None, StepError.None], Errors(Example, "3*25=75", "75+17=92", "92-4=88"));
        Assert.Equal([StepError.None, StepError.None], Errors(ArithProblem.Create("x", "2*3*4"), "3*4=12", "2*12=24"));
    }

    [Fact]
    public void Subtraction_does_not_commute()
    {
        Assert.Equal([StepError.OperandsUnavailable], Errors(ArithProblem.Create("x", "10-3"), "3-10=-7"));
    }

    [Fact]
    public void Malformed_lines_are_steps_and_the_answer_line_ends_them()
    {
        var verdicts = StepChecker.Check(Example, "First, 25*3=75\n\n25 * 3 = 75\n#### 88\n1+1=2");
        Assert.Equal(["First, 25*3=75", "25 * 3 = 75"], verdicts.Select(v => v.Text));
        Assert.Equal([StepError.Malformed, StepError.None], verdicts.Select(v => v.Error));
    }

    [Fact]
    public void Negative_intermediate_results_are_operands()
    {
        Assert.Equal([StepError.None, StepError.None], Errors(ArithProblem.Create("x", "10-20+5"), "10-20=-10", "-10+5=-5"));
    }
}
