using System.Collections.Concurrent;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Prompts;

namespace TtsOrchestrator.Tests.Shared;

/// <summary>One scripted sample: its text, length in tokens and mean log-probability.</summary>
public sealed record ScriptedSample(string Text, int Tokens = 10, double MeanLogProb = -1, double? SelfCertainty = null);

/// <summary>
/// A test double for strategies that verify: solve prompts get the scripted samples (sample i of every call is
/// samples[i % count]); verify prompts (<see cref="SkillPrompts.VerifyStep"/>) get one token whose top alternatives
/// put P("+") at <paramref name="judge"/>(last step) and the rest on "-". Records every request.
/// </summary>
/// <remarks>Judge prompts (<see cref="Core.Scoring.PromptedJudge"/>) get " yes"/" no" with P(yes) = <paramref name="solutionJudge"/>(solution).</remarks>
public sealed class VerifyingGenerator(IReadOnlyList<ScriptedSample> samples, Func<string, double> judge, Func<string, double>? solutionJudge = null) : IGenerator
{
    private readonly ConcurrentQueue<GenerationRequest> _requests = new();

    public GeneratorInfo Info { get; } = new("verifying", ParameterCount: 1_000_000);
    public IReadOnlyList<GenerationRequest> Requests => [.. _requests];
    public IReadOnlyList<GenerationRequest> VerifyRequests => [.. _requests.Where(IsVerify)];
    /// <summary>Requests for solutions (neither step verification nor judging).</summary>
    public IReadOnlyList<GenerationRequest> SolveRequests => [.. _requests.Where(r => !IsVerify(r) && !IsJudge(r))];

    /// <summary>A judge that checks "a*b=c" / "a+b=c" / "a-b=c" lines arithmetically: 0.9 when right, 0.1 when wrong.</summary>
    public static double Arithmetic(string step)
    {
        var m = System.Text.RegularExpressions.Regex.Match(step, @"^(-?\d+)([-+*])(-?\d+)=(-?\d+)$");
        if (!m.Success) return 0.5;
        long a = long.Parse(m.Groups[1].Value), b = long.Parse(m.Groups[3].Value), c = long.Parse(m.Groups[4].Value);
        var value = m.Groups[2].Value switch { "+" => a + b, "-" => a - b, _ => a * b };
        return value == c ? 0.9 : 0.1;
    }

    private static bool IsJudge(GenerationRequest r) => r.Prompt.Messages is [{ Content: Core.Scoring.PromptedJudge.Instruction }, _];

    private static bool IsVerify(GenerationRequest r) =>
        r.Prompt.Messages.Count > 0 && r.Prompt.Messages[^1].Content.StartsWith("Check the last step.", StringComparison.Ordinal);

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _requests.Enqueue(request);
        if (IsJudge(request))
        {
            var solution = request.Prompt.Messages[1].Content.Split("Solution:\n")[1].Split("\n\nIs the final answer correct?")[0];
            var yes = (solutionJudge ?? (_ => 0.5))(solution);
            TokenLogProb[] verdict = [.. new[] { new TokenLogProb(" yes", Math.Log(yes)), new TokenLogProb(" No", Math.Log(1 - yes)) }.OrderByDescending(t => t.LogProb)];
            return Task.FromResult(new GenerationResult
            {
                Completions = [new Completion { Index = 0, Text = verdict[0].Token, FinishReason = FinishReason.Length, PromptTokens = 30, GeneratedTokens = 1, TokenLogProbs = [verdict[0] with { TopAlternatives = verdict }] }],
                PromptTokensEvaluated = 30,
            });
        }
        if (IsVerify(request))
        {
            var plus = judge(request.Prompt.Messages[^1].Content.Split('\n')[^1]);
            TokenLogProb[] top = [.. new[] { new TokenLogProb(SkillPrompts.StepCorrect, Math.Log(plus)), new TokenLogProb(SkillPrompts.StepWrong, Math.Log(1 - plus)) }
                .OrderByDescending(t => t.LogProb)];
            return Task.FromResult(new GenerationResult
            {
                Completions = [new Completion { Index = 0, Text = top[0].Token, FinishReason = FinishReason.Length, PromptTokens = 20, GeneratedTokens = 1, TokenLogProbs = [top[0] with { TopAlternatives = top }] }],
                PromptTokensEvaluated = 20,
            });
        }
        var completions = Enumerable.Range(0, request.N).Select(i =>
        {
            var s = samples[i % samples.Count];
            return new Completion { Index = i, Text = s.Text, FinishReason = FinishReason.EndOfText, PromptTokens = 7, GeneratedTokens = s.Tokens, MeanLogProb = s.MeanLogProb, SelfCertainty = request.SelfCertainty ? s.SelfCertainty : null };
        }).ToList();
        return Task.FromResult(new GenerationResult { Completions = completions, PromptTokensEvaluated = 7 });
    }
}
