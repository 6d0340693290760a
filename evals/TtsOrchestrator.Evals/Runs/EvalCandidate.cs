using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Evals.Runs;

/// <summary>One candidate of a strategy's run as results.jsonl stores it: enough to audit the choice and to redo any vote offline.</summary>
/// <param name="Index">The strategy's own candidate index (<see cref="EvalResultLine.ChosenCandidate"/> refers to it).</param>
/// <param name="Answer">The extracted answer; null when the text states none.</param>
/// <param name="Score">The strategy's or verifier's score, when it computes one.</param>
/// <param name="Tokens">Generated tokens of this candidate.</param>
/// <param name="Text">The full solution text.</param>
public sealed record EvalCandidate(int Index, string? Answer, double? Score, int Tokens, FinishReason FinishReason, string Text)
{
    public static EvalCandidate From(Candidate c) => new(c.Index, c.Answer, c.Score, c.GeneratedTokens, c.FinishReason, c.Text);
}
