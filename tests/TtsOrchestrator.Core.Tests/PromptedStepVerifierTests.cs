using System.Collections.Concurrent;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Prompts;
using TtsOrchestrator.Core.Scoring;

namespace TtsOrchestrator.Core.Tests;

public class PromptedStepVerifierTests
{
    /// <summary>A fake verifier model: P(+) is 0.9 unless the last step of the prompt contains "bad" (then 0.1).</summary>
    private sealed class JudgingGenerator : IGenerator
    {
        public ConcurrentQueue<GenerationRequest> Requests { get; } = new();
        public GeneratorInfo Info { get; } = new("judge", 1);

        public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Enqueue(request);
            var lastStep = request.Prompt.Messages[^1].Content.Split('\n')[^1];
            var plus = lastStep.Contains("bad") ? 0.1 : 0.9;
            TokenLogProb[] top = [new("+", Math.Log(plus)), new("-", Math.Log(0.95 - plus)), new("x", Math.Log(0.05))];
            top = [.. top.OrderByDescending(t => t.LogProb)];
            var completion = new Completion
            {
                Index = 0, Text = top[0].Token, FinishReason = FinishReason.Length, PromptTokens = 5, GeneratedTokens = 1,
                TokenLogProbs = [top[0] with { TopAlternatives = top }],
            };
            return Task.FromResult(new GenerationResult { Completions = [completion], PromptTokensEvaluated = 5 });
        }
    }

    [Fact]
    public async Task Each_step_is_scored_from_the_plus_and_minus_probabilities_of_its_own_prefix()
    {
        var generator = new JudgingGenerator();
        var problem = Problem.FromQuestion("What is 1+2*3?");
        var scores = await new PromptedStepVerifier(generator).ScoreStepsAsync(problem, [["2*3=6", "1+6=7"], ["2*3=5 bad"]]);

        Assert.Equal(2, scores[0].Count);
        Assert.Single(scores[1]);
        Assert.Equal(0.9 / 0.95, scores[0][0], 9);
        Assert.Equal(0.9 / 0.95, scores[0][1], 9);
        Assert.Equal(0.1 / 0.95, scores[1][0], 9);

        var prompts = generator.Requests.Select(r => r.Prompt.Messages[^1].Content).ToHashSet();
        Assert.Contains(SkillPrompts.VerifyStepText(problem.Question, ["2*3=6"]), prompts);
        Assert.Contains(SkillPrompts.VerifyStepText(problem.Question, ["2*3=6", "1+6=7"]), prompts);
        Assert.All(generator.Requests, r => Assert.True(r.MaxTokens == PromptedStepVerifier.MaxAnswerTokens && r.Sampling.IsGreedy && r.TokenLogProbs && r.TopLogProbs > 0));
    }

    /// <summary>A verifier that redoes the step before judging: "2*3=6", newline, then the verdict (P(+) = 0.8), then end of turn.</summary>
    private sealed class RedoingGenerator : IGenerator
    {
        public GeneratorInfo Info { get; } = new("redo", 1);

        public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            static TokenLogProb Sure(string token) => new(token, 0) { TopAlternatives = [new(token, 0)] };
            // The redone step has a "-" in it and a confident "+" sign; only the last visible token is the verdict.
            TokenLogProb[] tokens =
            [
                Sure("3"), Sure("-"), Sure("9"), Sure("="), Sure("-"), Sure("6"), Sure("\n"),
                new("+", Math.Log(0.8)) { TopAlternatives = [new("+", Math.Log(0.8)), new("-", Math.Log(0.2))] },
                Sure(""),
            ];
            var completion = new Completion { Index = 0, Text = "3-9=-6\n+", FinishReason = FinishReason.EndOfText, PromptTokens = 5, GeneratedTokens = tokens.Length, TokenLogProbs = tokens };
            return Task.FromResult(new GenerationResult { Completions = [completion], PromptTokensEvaluated = 5 });
        }
    }

    [Fact]
    public async Task The_verdict_is_read_at_the_last_visible_token_of_the_answer()
    {
        var scores = await new PromptedStepVerifier(new RedoingGenerator()).ScoreStepsAsync(Problem.FromQuestion("What is 3-3*3?"), [["3*3=9", "3-9=-6"]]);
        Assert.All(scores[0], s => Assert.Equal(0.8, s, 9));
    }

    [Fact]
    public void A_verdict_the_model_did_not_consider_scores_one_half() =>
        Assert.Equal(0.5, PromptedStepVerifier.ScoreFrom([new TokenLogProb("x", -0.1)]));

    [Theory]
    [InlineData(1, false)]
    [InlineData(21, true)]
    [InlineData(-1, true)]
    public void Top_log_probs_are_checked_with_the_request(int top, bool invalid)
    {
        var request = new GenerationRequest { Prompt = Prompt.FromQuestion("q"), TokenLogProbs = true, TopLogProbs = top };
        if (invalid) Assert.Throws<ArgumentException>(request.Validate);
        else request.Validate();
    }

    [Fact]
    public void Top_log_probs_need_token_log_probs() =>
        Assert.Contains("top_logprobs needs token log-probs",
            Assert.Throws<ArgumentException>(new GenerationRequest { Prompt = Prompt.FromQuestion("q"), TopLogProbs = 3 }.Validate).Message);

    [Fact]
    public void Solution_steps_are_the_lines_before_the_answer_line() =>
        Assert.Equal(["2*3=6", "1+6=7"], SolutionSteps.Split(" 2*3=6\n\n1+6=7 \n#### 7\n9+9=18"));
}
