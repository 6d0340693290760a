using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Prompts;
using TtsOrchestrator.Evals.Arith;

namespace TtsOrchestrator.Trainer;

/// <summary>Solutions a model wrote for one training problem (its own samples, right or wrong).</summary>
public sealed record SampledSolutions(string Expression, IReadOnlyList<string> Solutions);

/// <summary>
/// Builds the chat examples of the three skills (see <see cref="SkillPrompts"/>). Verifier labels follow
/// Math-Shepherd: a partial solution is <c>+</c> when every step so far is right (checked by
/// <see cref="StepChecker"/>), else <c>-</c>. Attempts come either from <see cref="ArithMistakes"/> (before the
/// model can write its own) or from the model's own samples.
/// </summary>
public static class SkillExamples
{
    /// <summary>The question and a worked solution (the canonical one unless <paramref name="solution"/> gives another).</summary>
    public static IReadOnlyList<PromptMessage> Solve(ArithProblem problem, string? solution = null) =>
        [PromptMessage.User(ArithTask.Question(problem)), PromptMessage.Assistant(solution ?? problem.Solution)];

    /// <summary>A verifier example on a prefix of <paramref name="solution"/>; null when it has no step lines.</summary>
    public static IReadOnlyList<PromptMessage>? VerifyStep(ArithProblem problem, string solution, Random random)
    {
        var verdicts = StepChecker.Check(problem, solution);
        if (verdicts.Count == 0) return null;
        // Prefixes that end at or before the first error: the later ones teach nothing the first error does not.
        var firstError = verdicts.ToList().FindIndex(v => !v.IsCorrect);
        var last = firstError < 0 ? verdicts.Count - 1 : firstError;
        // Half the examples that contain a slip end exactly at it: the model's own samples are mostly right step by
        // step, and a verifier that rarely sees a wrong last step learns to answer + always.
        var k = firstError >= 0 && random.Next(2) == 0 ? firstError : random.Next(last + 1);
        return VerifyExample(problem, [.. verdicts.Take(k + 1).Select(v => v.Text)], verdicts[k].Expected ?? verdicts[k].Text, correct: firstError < 0 || k < firstError);
    }

    /// <summary>Judge the last of <paramref name="steps"/>: redo it as <paramref name="expectedStep"/>, compare, then + or -.</summary>
    public static IReadOnlyList<PromptMessage> VerifyExample(ArithProblem problem, IReadOnlyList<string> steps, string expectedStep, bool correct) =>
    [
        PromptMessage.User(SkillPrompts.VerifyStepText(ArithTask.Question(problem), steps)),
        PromptMessage.Assistant(SkillPrompts.VerifyStepAnswer(expectedStep, steps[^1], correct)),
    ];

    public static IReadOnlyList<PromptMessage> Synthesize(ArithProblem problem, IEnumerable<string> attempts, string? solution = null) =>
    [
        PromptMessage.User(SkillPrompts.SynthesizeText(ArithTask.Question(problem), attempts)),
        PromptMessage.Assistant(solution ?? problem.Solution),
    ];

    /// <summary>A solution to verify before the model has samples: right or with one slip, half and half.</summary>
    public static string SyntheticAttempt(ArithProblem problem, Random random) =>
        random.Next(2) == 0 ? problem.Solution : ArithMistakes.WrongSolution(problem, random);

    /// <summary>2-4 attempts, each right with probability 1/2 (so sometimes none is).</summary>
    public static IReadOnlyList<string> SyntheticAttempts(ArithProblem problem, Random random) =>
        Enumerable.Range(0, random.Next(2, 5)).Select(_ => SyntheticAttempt(problem, random)).ToList();

    /// <summary>
    /// One of the model's own samples to judge: half the time one with a slip when it has any. A strong model's samples
    /// are mostly right, and a verifier that rarely sees a wrong step learns to say + without comparing anything.
    /// </summary>
    public static string OwnAttemptToJudge(ArithProblem problem, SampledSolutions sampled, Random random)
    {
        var wrong = sampled.Solutions.Where(s => StepChecker.Check(problem, s).Any(v => !v.IsCorrect)).ToList();
        return wrong.Count > 0 && random.Next(2) == 0 ? wrong[random.Next(wrong.Count)] : sampled.Solutions[random.Next(sampled.Solutions.Count)];
    }

    /// <summary>2-4 of the model's own samples, in random order.</summary>
    public static IReadOnlyList<string> OwnAttempts(SampledSolutions sampled, Random random) =>
        sampled.Solutions.OrderBy(_ => random.Next()).Take(random.Next(2, 5)).ToList();
}
