using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Core.Scoring;

/// <summary>
/// An LLM judge as an outcome verifier, for instruction-following models (remote ones above all): the model is shown
/// the question and one candidate solution and asked whether it is correct, answering yes or no; the score is
/// P(yes) / (P(yes) + P(no)) read from the first token's top alternatives (any casing, with or without a leading
/// space). One greedy one-token request per candidate, all sent at once.
/// </summary>
public sealed class PromptedJudge(IGenerator generator) : IOutcomeScorer
{
    private const int Alternatives = 10;

    public const string Instruction =
        "You are grading a solution. Reply with one word: yes if the solution's final answer is correct, no if it is not.";

    public string Name => "judge";

    public static Prompt JudgePrompt(string question, string solution) => Prompt.Chat(
        PromptMessage.System(Instruction),
        PromptMessage.User($"Question:\n{question}\n\nSolution:\n{solution.Trim()}\n\nIs the final answer correct? Reply yes or no."));

    public async Task<IReadOnlyList<double>> ScoreAsync(Problem problem, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken = default)
    {
        var verdicts = candidates.Select(async c =>
            ScoreFrom(await NextTokenVerdict.AlternativesAsync(generator, JudgePrompt(problem.Question, c.Text), Alternatives, cancellationToken).ConfigureAwait(false))).ToList();
        return await Task.WhenAll(verdicts).ConfigureAwait(false);
    }

    /// <summary>P(yes) against P(no), summing the spellings a tokenizer may use; 0.5 when the model said neither.</summary>
    public static double ScoreFrom(IEnumerable<TokenLogProb> alternatives) =>
        NextTokenVerdict.Share(alternatives, t => Is(t, "yes"), t => Is(t, "no"));

    private static bool Is(string token, string word) => token.Trim().Equals(word, StringComparison.OrdinalIgnoreCase);
}
