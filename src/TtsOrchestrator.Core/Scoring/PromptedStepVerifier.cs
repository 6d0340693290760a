using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Prompts;

namespace TtsOrchestrator.Core.Scoring;

/// <summary>
/// A process reward model made of a generator that was trained to judge steps (the embedded model's verify
/// skill, <see cref="SkillPrompts.VerifyStep"/>): asked about the partial solution ending in step j, it answers
/// greedily (the embedded model redoes the step, then says <c>+</c> or <c>-</c>; a plain PRM says it at once) and the
/// score is P(<c>+</c>) / (P(<c>+</c>) + P(<c>-</c>)) at the answer's last token. One short request per step, all sent
/// at once so the engine batches them and reuses the solution's shared prefix.
/// </summary>
public sealed class PromptedStepVerifier(IGenerator generator) : IProcessScorer
{
    /// <summary>Alternatives read at the answer position; + and - are far ahead of anything else in a trained verifier.</summary>
    private const int Alternatives = 5;

    /// <summary>Room for a redone step, the subtractions and the verdict (under 100 tokens on every test problem).</summary>
    public const int MaxAnswerTokens = 128;

    public string Name => "prm";

    public async Task<IReadOnlyList<IReadOnlyList<double>>> ScoreStepsAsync(
        Problem problem, IReadOnlyList<IReadOnlyList<string>> stepsPerSolution, CancellationToken cancellationToken = default)
    {
        var scores = stepsPerSolution.Select(steps => Enumerable.Range(1, steps.Count)
            .Select(j => ScoreLastStepAsync(problem.Question, steps.Take(j), cancellationToken)).ToArray()).ToArray();
        await Task.WhenAll(scores.SelectMany(s => s));
        return [.. scores.Select(s => (IReadOnlyList<double>)[.. s.Select(t => t.Result)])];
    }

    private async Task<double> ScoreLastStepAsync(string question, IEnumerable<string> steps, CancellationToken cancellationToken) =>
        ScoreFrom(await NextTokenVerdict.FinalAlternativesAsync(generator, SkillPrompts.VerifyStep(question, steps), Alternatives, MaxAnswerTokens, cancellationToken).ConfigureAwait(false));

    /// <summary>P(+) normalised against P(-); 0.5 when the model put neither among its top tokens.</summary>
    public static double ScoreFrom(IEnumerable<TokenLogProb> alternatives) =>
        NextTokenVerdict.Share(alternatives, t => t == SkillPrompts.StepCorrect, t => t == SkillPrompts.StepWrong);
}
