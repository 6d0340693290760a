using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Engine;

namespace TtsOrchestrator.LlamaCpp.Tests.Engine;

[Collection(TinyModelCollection.Name)]
public class LlamaGeneratorTests(TinyModelFixture tiny)
{
    private readonly LlamaGenerator _engine = tiny.Engine;

    private static GenerationRequest Request(string question, int n = 1, ulong seed = 1, int maxTokens = 24, double temperature = 0.9) => new()
    {
        Prompt = Prompt.FromQuestion(question),
        N = n,
        MaxTokens = maxTokens,
        Sampling = new SamplingOptions { Temperature = temperature, Seed = seed },
    };

    private static string[] Texts(GenerationResult r) => r.Completions.Select(c => c.Text).ToArray();

    [Fact]
    public async Task Same_seed_gives_the_same_completions_and_another_seed_does_not()
    {
        // Bitwise-equal sampling needs equal batch composition (see README: llama.cpp's CPU kernels
        // round differently for different batch sizes), so each run starts on a fresh engine.
        async Task<string[]> Run(ulong seed)
        {
            using var engine = LlamaGenerator.Start(tiny.Options());
            return Texts(await engine.GenerateAsync(Request("same seed", n: 4, seed: seed)));
        }
        var a = await Run(7);
        Assert.Equal(a, await Run(7));
        Assert.NotEqual(a, await Run(8));
        Assert.Equal(4, a.Distinct().Count()); // each sample draws from its own stream
    }

    [Fact]
    public async Task Greedy_output_is_the_same_alone_and_as_one_of_eight_concurrent_requests()
    {
        var greedy = Request("greedy check", maxTokens: 32, temperature: 0);
        var alone = await _engine.GenerateAsync(greedy);
        var concurrent = Enumerable.Range(0, 8)
            .Select(i => _engine.GenerateAsync(i == 5 ? greedy : Request($"noise {i}", n: 2, seed: (ulong)i, maxTokens: 40)))
            .ToList();
        await Task.WhenAll(concurrent);
        Assert.Equal(alone.Completions[0].Text, (await concurrent[5]).Completions[0].Text);
        Assert.True(_engine.PeakSequencesPerBatch >= 8, $"peak {_engine.PeakSequencesPerBatch} sequences per batch");
    }

    [Fact]
    public async Task Max_tokens_ends_a_completion_exactly()
    {
        var r = await _engine.GenerateAsync(Request("length limit", n: 6, maxTokens: 7));
        foreach (var c in r.Completions)
        {
            if (c.FinishReason == FinishReason.Length) Assert.Equal(7, c.GeneratedTokens);
            else Assert.True(c.GeneratedTokens < 7);
        }
        Assert.Contains(r.Completions, c => c.FinishReason == FinishReason.Length);
    }

    [Fact]
    public async Task Min_tokens_suppresses_the_end_of_text_until_reached()
    {
        var r = await _engine.GenerateAsync(Request("fixed length", n: 8, maxTokens: 60) with { MinTokens = 60, TokenLogProbs = true });
        Assert.All(r.Completions, c => Assert.Equal((FinishReason.Length, 60), (c.FinishReason, c.GeneratedTokens)));
        Assert.All(r.Completions, c => Assert.All(c.TokenLogProbs!, t => Assert.True(double.IsFinite(t.LogProb))));
    }

    [Fact]
    public async Task A_stop_string_ends_the_text_just_before_it()
    {
        var free = (await _engine.GenerateAsync(Request("stop strings", maxTokens: 40, temperature: 0))).Completions[0].Text;
        Assert.True(free.Length > 12, free);
        var stop = free.Substring(8, 3);
        var stopped = (await _engine.GenerateAsync(Request("stop strings", maxTokens: 40, temperature: 0) with { Stop = [stop, "\u0001never"] })).Completions[0];
        Assert.Equal(FinishReason.StopString, stopped.FinishReason);
        Assert.Equal(free[..free.IndexOf(stop, StringComparison.Ordinal)], stopped.Text);
    }

    [Fact]
    public async Task Log_probs_are_finite_non_positive_and_one_per_token()
    {
        var r = await _engine.GenerateAsync(Request("log probs", n: 3) with { TokenLogProbs = true });
        foreach (var c in r.Completions)
        {
            Assert.NotNull(c.TokenLogProbs);
            Assert.All(c.TokenLogProbs!, t => Assert.True(double.IsFinite(t.LogProb) && t.LogProb <= 0, $"{t.LogProb}"));
            // The end-of-generation token has a log-prob but no text, so it is not listed.
            var count = c.FinishReason == FinishReason.EndOfText ? c.GeneratedTokens - 1 : c.GeneratedTokens;
            Assert.Equal(count, c.TokenLogProbs!.Count);
            Assert.True(c.MeanLogProb <= 0);
        }
    }

    [Fact]
    public async Task Top_log_probs_list_the_most_likely_tokens_first_with_the_greedy_token_on_top()
    {
        var r = await _engine.GenerateAsync(Request("top alternatives", maxTokens: 6, temperature: 0) with { TokenLogProbs = true, TopLogProbs = 4 });
        foreach (var token in r.Completions[0].TokenLogProbs!)
        {
            var top = token.TopAlternatives!;
            Assert.Equal(4, top.Count);
            Assert.Equal(top.Select(t => t.LogProb).OrderDescending(), top.Select(t => t.LogProb));
            Assert.Equal((token.Token, token.LogProb), (top[0].Token, top[0].LogProb)); // greedy takes the most likely
            Assert.True(top.Sum(t => Math.Exp(t.LogProb)) <= 1 + 1e-9);
        }
        var plain = await _engine.GenerateAsync(Request("top alternatives", maxTokens: 6, temperature: 0) with { TokenLogProbs = true });
        Assert.All(plain.Completions[0].TokenLogProbs!, t => Assert.Null(t.TopAlternatives));
    }

    [Fact]
    public async Task Self_certainty_is_reported_only_when_asked_and_is_a_non_negative_divergence()
    {
        var asked = await _engine.GenerateAsync(Request("how sure", n: 3, maxTokens: 12) with { SelfCertainty = true });
        Assert.All(asked.Completions, c => Assert.True(c.SelfCertainty is >= 0 and < 100, $"{c.SelfCertainty}"));
        var plain = await _engine.GenerateAsync(Request("how sure", n: 3, maxTokens: 12));
        Assert.All(plain.Completions, c => Assert.Null(c.SelfCertainty));
    }

    [Fact]
    public async Task Token_counts_equal_what_was_decoded()
    {
        using var engine = LlamaGenerator.Start(tiny.Options());
        var before = engine.DecodedTokens;
        var r = await engine.GenerateAsync(Request("counting tokens carefully", n: 5, maxTokens: 20));
        // Every sampled token is decoded in the next step except each completion's last one.
        Assert.Equal(r.PromptTokensEvaluated + r.Completions.Sum(c => c.GeneratedTokens - 1), engine.DecodedTokens - before);
        Assert.Equal(engine.PromptTokens(Prompt.FromQuestion("counting tokens carefully")).Length, r.PromptTokensEvaluated);
        Assert.All(r.Completions, c => Assert.Equal(r.PromptTokensEvaluated, c.PromptTokens));
    }

    [Fact]
    public async Task A_prompt_extending_a_cached_prefix_decodes_only_its_new_tokens()
    {
        using var engine = LlamaGenerator.Start(tiny.Options());
        var parent = Prompt.FromQuestion("a tree search parent prompt") with { AssistantPrefix = "Step 1: think." };
        var first = await engine.GenerateAsync(new GenerationRequest { Prompt = parent, MaxTokens = 4, Sampling = SamplingOptions.Greedy });
        var child = parent.Continue(" Step 2: more.");
        var second = await engine.GenerateAsync(new GenerationRequest { Prompt = child, MaxTokens = 4, Sampling = SamplingOptions.Greedy });
        var parentTokens = engine.PromptTokens(parent).Length;
        var childTokens = engine.PromptTokens(child).Length;
        Assert.Equal(parentTokens, first.PromptTokensEvaluated);
        Assert.Equal(childTokens - parentTokens, second.PromptTokensEvaluated);
    }

    [Fact]
    public async Task More_samples_than_sequences_are_run_in_waves()
    {
        using var engine = LlamaGenerator.Start(tiny.Options(sequences: 4));
        var r = await engine.GenerateAsync(Request("waves of samples", n: 10, maxTokens: 12));
        Assert.Equal(Enumerable.Range(0, 10), r.Completions.Select(c => c.Index));
        Assert.True(engine.PeakSequencesPerBatch <= 4);
        Assert.True(Texts(r).Distinct().Count() >= 9, string.Join(" | ", Texts(r))); // every sample has its own stream
        // Later waves reuse the first wave's prompt cells: the prompt is decoded once, plus its last token per wave.
        var promptLength = engine.PromptTokens(Prompt.FromQuestion("waves of samples")).Length;
        Assert.True(r.PromptTokensEvaluated < promptLength + 10, $"{r.PromptTokensEvaluated} prompt tokens for a {promptLength}-token prompt");
    }

    [Fact]
    public async Task Chat_prompts_use_the_models_template_and_continue_an_assistant_prefix()
    {
        var prompt = Prompt.FromQuestion("What is 2+2?", systemPrompt: "Be brief.") with { AssistantPrefix = "The answer" };
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\nThe answer",
            _engine.RenderPrompt(prompt));
        Assert.Equal("raw text", _engine.RenderPrompt(Prompt.Raw("raw text")));
        var r = await _engine.GenerateAsync(new GenerationRequest { Prompt = prompt, MaxTokens = 3 });
        Assert.Single(r.Completions);
    }

    [Fact]
    public async Task A_prompt_too_long_for_the_context_is_a_clear_error()
    {
        using var small = LlamaGenerator.Start(tiny.Options(sequences: 2, contextPerSequence: 256));
        var e = await Assert.ThrowsAsync<LlamaException>(() => small.GenerateAsync(Request(new string('x', 300), maxTokens: 10)));
        Assert.Matches(@"context too small: the prompt has \d+ tokens \(min_tokens 0\), which leaves no room in the context of 256 tokens per sequence", e.Message);
    }

    [Fact]
    public async Task Max_tokens_beyond_the_context_is_cut_to_what_the_prompt_leaves()
    {
        using var small = LlamaGenerator.Start(tiny.Options(sequences: 2, contextPerSequence: 256));
        var prompt = Prompt.FromQuestion(new string('y', 200));
        var room = 256 - small.PromptTokens(prompt).Length;
        var r = await small.GenerateAsync(new GenerationRequest { Prompt = prompt, MaxTokens = 1000, MinTokens = room, N = 2 });
        Assert.All(r.Completions, c => Assert.Equal((FinishReason.Length, room), (c.FinishReason, c.GeneratedTokens)));
    }

    [Fact]
    public async Task Cancellation_ends_a_request_and_the_engine_keeps_working()
    {
        using var cts = new CancellationTokenSource();
        var running = _engine.GenerateAsync(Request("cancel me", n: 4, maxTokens: 450) with { MinTokens = 450 }, cts.Token);
        await Task.Delay(50);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var after = await _engine.GenerateAsync(Request("still alive", maxTokens: 3));
        Assert.Single(after.Completions);
    }
}
