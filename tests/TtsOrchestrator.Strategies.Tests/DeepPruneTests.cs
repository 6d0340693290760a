using System.Collections.Concurrent;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies.Tests;

public class DeepPruneTests
{
    /// <summary>
    /// The k-th fresh sample (over all calls) writes paths[k]; a continuation (assistant prefix p) goes on with the
    /// first path that starts with p. One character is one token, each with the model probability
    /// <see cref="TokenProbability"/> (no alternatives); a sample stops at max_tokens (finish Length) or at its path's end.
    /// </summary>
    private sealed class PathGenerator(params string[] paths) : IGenerator
    {
        private int _fresh;
        public ConcurrentQueue<GenerationRequest> Requests { get; } = new();
        public GeneratorInfo Info { get; } = new("paths");
        public double TokenProbability { get; init; } = 1;

        public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Enqueue(request);
            var prefix = request.Prompt.AssistantPrefix;
            var completions = Enumerable.Range(0, request.N).Select(i =>
            {
                var path = prefix.Length == 0 ? paths[_fresh++ % paths.Length] : paths.First(p => p.StartsWith(prefix, StringComparison.Ordinal));
                var rest = path[prefix.Length..];
                var text = rest[..Math.Min(rest.Length, request.MaxTokens)];
                return new Completion
                {
                    Index = i, Text = text, PromptTokens = 5, GeneratedTokens = text.Length,
                    FinishReason = text.Length < rest.Length ? FinishReason.Length : FinishReason.EndOfText,
                    TokenLogProbs = request.TokenLogProbs ? [.. text.Select(c => new TokenLogProb(c.ToString(), Math.Log(TokenProbability)))] : null,
                };
            }).ToList();
            return Task.FromResult(new GenerationResult { Completions = completions, PromptTokensEvaluated = 5 });
        }
    }

    private static readonly Problem Question = Problem.FromQuestion("What is 1+2*3?");
    private const string Same = "2*3=6\n1+6=7\nso the answer is seven\n#### 7";
    private const string Other = "1+2=3\n3*3=9\nso the answer is nine!\n#### 9";

    [Fact]
    public async Task Repeating_traces_stop_early_and_their_votes_go_to_their_twin()
    {
        var g = new PathGenerator(Same, Other, Same, Same);
        var result = await BuiltInStrategies.CreateRegistry().Create("deep-prune:n=4,pilots=0,judge=overlap,segment=12,max_tokens=200").SolveAsync(Question, g, Budget.Unlimited);

        Assert.Equal("7", result.Answer);
        Assert.Equal([("7", 3), ("9", 1)], result.Votes.Select(v => (v.Answer, v.Count)));
        Assert.Equal(0, result.ChosenCandidate);
        // Traces 2 and 3 were stopped after the first 12-token segment; 0 and 1 ran to the end.
        Assert.Equal([Same.Length, Other.Length, 12, 12], result.Candidates.Select(c => c.GeneratedTokens));
        Assert.Equal(Same.Length + Other.Length + 24, result.Cost.GeneratedTokens);
        Assert.Equal(4, result.Cost.Samples); // continuations grow traces; they are not new samples
        Assert.Contains(result.Trace, e => e.Message.StartsWith("trace 2 pruned at 12 tokens: it repeats trace 0"));
        Assert.Contains(result.Trace, e => e.Message.StartsWith("pruned 2 of 4 traces"));
    }

    [Fact]
    public async Task A_trace_that_repeats_one_already_finished_stops_too()
    {
        const string brief = "2*3=6\n1+6=7\n#### 7";                          // 17 characters: done in round 1
        const string wordy = "2*3=6\n1+6=7\n#### 7 and a long tail of words"; // the same start, still going
        var g = new PathGenerator(brief, wordy);
        var result = await BuiltInStrategies.CreateRegistry().Create("deep-prune:n=2,pilots=0,judge=overlap,segment=20").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Contains(result.Trace, e => e.Message.StartsWith("trace 1 pruned at 20 tokens: it repeats finished trace 0"));
        Assert.Equal([brief.Length, 20], result.Candidates.Select(c => c.GeneratedTokens));
        Assert.Equal([("7", 2)], result.Votes.Select(v => (v.Answer, v.Count)));
    }

    [Fact]
    public async Task The_first_round_is_one_call_and_later_rounds_extend_each_live_trace_by_its_own_text()
    {
        var g = new PathGenerator(Same, Other);
        await BuiltInStrategies.CreateRegistry().Create("deep-prune:n=2,pilots=0,segment=20").SolveAsync(Question, g, Budget.Unlimited);
        var requests = g.Requests.ToList();
        Assert.Equal(2, requests[0].N);
        Assert.All(requests.Skip(1), r => Assert.Equal(1, r.N));
        Assert.Contains(requests, r => r.Prompt.AssistantPrefix == Same[..20]);
        Assert.Contains(requests, r => r.Prompt.AssistantPrefix == Other[..20]);
    }

    [Fact]
    public async Task Segments_grow_by_the_growth_factor_each_round()
    {
        var g = new PathGenerator(Same, Other);
        await BuiltInStrategies.CreateRegistry().Create("deep-prune:n=2,pilots=0,segment=4,growth=2").SolveAsync(Question, g, Budget.Unlimited);
        // Trace 0 (Same, 41 characters) grows by 4, 8, 16 and then asks for 32 more (it ends after 13 of them).
        var traceZero = g.Requests.Where(r => r.N == 2 || r.Prompt.AssistantPrefix.StartsWith("2*3", StringComparison.Ordinal)).Select(r => r.MaxTokens);
        Assert.Equal([4, 8, 16, 32], traceZero);
    }

    [Fact]
    public async Task A_trace_that_starts_like_a_pilot_whose_rest_was_likely_stops_and_votes_with_it()
    {
        var g = new PathGenerator(Same, Same, Other, Same);
        var result = await BuiltInStrategies.CreateRegistry().Create("deep-prune:n=4,pilots=1,segment=12,temperature=1").SolveAsync(Question, g, Budget.Unlimited);

        Assert.Equal([("7", 3), ("9", 1)], result.Votes.Select(v => (v.Answer, v.Count)));
        Assert.Equal([Same.Length, 12, Other.Length, 12], result.Candidates.Select(c => c.GeneratedTokens));
        Assert.Contains(result.Trace, e => e.Message == "trace 1 pruned at 12 tokens: finished trace 0 starts the same and went on to answer 7 with probability 1.00");
        var requests = g.Requests.ToList();
        Assert.Equal((1, 512), (requests[0].N, requests[0].MaxTokens)); // the pilot, to the end
        Assert.Equal((3, 12), (requests[1].N, requests[1].MaxTokens)); // the others' first segment, in one call
        Assert.All(requests, r => Assert.True(r.TokenLogProbs && r.TopLogProbs > 0));
    }

    [Fact]
    public async Task A_trace_that_starts_like_a_pilot_goes_on_until_the_pilots_rest_is_likely_enough()
    {
        // Every token is 0.9 likely. After 12 characters the pilot's other 29 tokens had probability 0.9^29 = 0.05, under
        // the 0.5 asked for; after 36 (12 + 24), its last 5 had 0.59.
        var g = new PathGenerator(Same, Same) { TokenProbability = 0.9 };
        var result = await BuiltInStrategies.CreateRegistry().Create("deep-prune:n=2,pilots=1,segment=12,temperature=1,confidence=0.5").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Equal([Same.Length, 36], result.Candidates.Select(c => c.GeneratedTokens));
        Assert.Contains(result.Trace, e => e.Message == "trace 1 pruned at 36 tokens: finished trace 0 starts the same and went on to answer 7 with probability 0.59");

        // Asked for less, the rest after 12 characters is likely enough.
        var lenient = await BuiltInStrategies.CreateRegistry().Create("deep-prune:n=2,pilots=1,segment=12,temperature=1,confidence=0.04")
            .SolveAsync(Question, new PathGenerator(Same, Same) { TokenProbability = 0.9 }, Budget.Unlimited);
        Assert.Equal([Same.Length, 12], lenient.Candidates.Select(c => c.GeneratedTokens));
    }

    [Fact]
    public async Task Finished_traces_that_reach_one_answer_by_different_rests_add_up()
    {
        const string so = "2*3=6\n1+6=7\nso 7\n#### 7";     // after the 12 characters they share: 11 tokens, 0.93^11 = 0.45
        const string thus = "2*3=6\n1+6=7\nthus 7\n#### 7"; // 13 tokens, 0.93^13 = 0.39
        var g = new PathGenerator(so, thus, so) { TokenProbability = 0.93 };
        var result = await BuiltInStrategies.CreateRegistry().Create("deep-prune:n=3,pilots=2,segment=12,temperature=1,confidence=0.5").SolveAsync(Question, g, Budget.Unlimited);
        Assert.Contains(result.Trace, e => e.Message == "trace 2 pruned at 12 tokens: finished traces 0, 1 start the same and went on to answer 7 with probability 0.84");
        Assert.Equal([("7", 3)], result.Votes.Select(v => (v.Answer, v.Count)));
    }

    [Theory]
    [InlineData("abcdef", "abcdef", 1.0)]
    [InlineData("abcdef", "uvwxyz", 0.0)]
    [InlineData("abcde", "abcdf", 1 / 3.0)] // {abcd, bcde} vs {abcd, bcdf}: 1 shared of 3
    public void Similarity_is_the_jaccard_overlap_of_character_4_grams(string a, string b, double expected) =>
        Assert.Equal(expected, DeepPruneStrategy.Similarity(a, b), 12);
}
