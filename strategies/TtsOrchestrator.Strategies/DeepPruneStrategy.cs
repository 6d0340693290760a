using System.Globalization;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// Redundancy pruning while sampling (DeepPrune's idea): traces grow in segments (the first of <c>segment</c> tokens,
/// each next one <c>growth</c> times longer, so short answers are compared early and long traces need few rounds); after
/// each round, a trace whose text so far is nearly the same as an earlier live trace's is stopped, and its vote goes
/// to that twin (it was heading the same way), so pruning saves tokens without thinning the vote. The similarity is
/// deliberately cheap: Jaccard overlap of the two texts' sets of character 4-grams. Continuations are prompts that
/// extend the trace's own text (an engine that keeps the prefix cached decodes only the new segment); a round's
/// requests go out concurrently so the engine batches them.
/// </summary>
public sealed class DeepPruneStrategy(SpecValues spec) : IStrategy
{
    public static StrategyDescriptor Descriptor { get; } = new(
        "deep-prune",
        "sample n traces in segments and stop the ones that repeat an earlier trace (their votes go to it)",
        [
            SpecKey.Integer("n", 16, 1, 1024, "traces"),
            SpecKey.Integer("segment", 8, 1, 4096, "tokens each trace grows in the first round"),
            SpecKey.Number("growth", 2, 1, 16, "each round's segment is this many times the previous one"),
            SpecKey.Number("similarity", 0.8, 0.1, 1, "prune a trace whose 4-gram Jaccard similarity to an earlier live one reaches this"),
            SpecKey.Integer("min_chars", 12, 0, 100_000, "never compare traces shorter than this many characters"),
            .. SamplingKeys.With(defaultTemperature: 0.8),
        ],
        spec => new DeepPruneStrategy(spec)) { Example = "deep-prune:n=16,segment=8,growth=2,similarity=0.8" };

    public string Spec => spec.Canonical;

    private sealed class Trace(int index)
    {
        public int Index { get; } = index;
        public string Text { get; set; } = "";
        public int Tokens { get; set; }
        public Completion? Last { get; set; }
        public bool Finished { get; set; }
        /// <summary>The live trace this one duplicated when it was pruned.</summary>
        public Trace? Twin { get; set; }
        public bool Live => !Finished && Twin is null;
    }

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var maxTokens = spec.Integer("max_tokens");
        var segment = (double)spec.Integer("segment");
        var traces = Enumerable.Range(0, spec.Integer("n")).Select(i => new Trace(i)).ToList();

        // Round 1: one call for all traces (they share the prompt).
        var first = await run.SampleAsync(SamplingKeys.Request(spec, problem.Prompt, traces.Count, run.SeedFor(0)) with { MaxTokens = Math.Min((int)segment, maxTokens) }, "round 1").ConfigureAwait(false);
        traces = traces.Take(first.Count).ToList();
        for (var i = 0; i < first.Count; i++) Grow(traces[i], first[i], maxTokens);

        for (var round = 2; ; round++)
        {
            segment = Math.Min(segment * spec.Number("growth"), maxTokens);
            Prune(traces, run);
            var live = traces.Where(t => t.Live).ToList();
            if (live.Count == 0) break;
            var requests = live.Select(t => SamplingKeys.Request(spec, problem.Prompt.Continue(t.Text), 1, run.SeedFor(round * 10_000 + t.Index)) with
            {
                MaxTokens = Math.Min((int)segment, maxTokens - t.Tokens),
            });
            var grown = await Task.WhenAll(requests.Select(r => run.ContinueAsync(r, $"round {round}"))).ConfigureAwait(false);
            if (grown.All(g => g.Count == 0)) break; // budget spent
            for (var i = 0; i < live.Count; i++)
                if (grown[i] is [var c, ..]) Grow(live[i], c, maxTokens);
                else live[i].Finished = true;
        }

        var candidates = traces.Select(t => new Candidate(t.Index, t.Text, Answer(t, problem), null, t.Tokens,
            t.Last?.FinishReason ?? FinishReason.Aborted, t.Last?.MeanLogProb)).ToList();
        var votes = AnswerVoting.Tally(candidates, problem.AnswerFormat);
        var pruned = traces.Where(t => t.Twin is not null).ToList();
        var finished = traces.Where(t => t.Twin is null).ToList();
        var typical = finished.Count > 0 ? finished.Average(t => t.Tokens) : 0;
        var saved = pruned.Sum(t => Math.Max(0, typical - t.Tokens));
        run.Trace.Add(string.Create(CultureInfo.InvariantCulture,
            $"pruned {pruned.Count} of {traces.Count} traces; about {saved:0} generated tokens saved (a finished trace averaged {typical:0})"));
        var winner = votes.FirstOrDefault();
        return run.Finish(winner?.Answer, winner?.Supporters.FirstOrDefault(i => traces[i].Twin is null), candidates, votes);
    }

    private static void Grow(Trace trace, Completion completion, int maxTokens)
    {
        trace.Text += completion.Text;
        trace.Tokens += completion.GeneratedTokens;
        trace.Last = completion;
        trace.Finished = completion.FinishReason != FinishReason.Length || trace.Tokens >= maxTokens;
    }

    /// <summary>A pruned trace answers with its twin chain's final answer.</summary>
    private static string? Answer(Trace trace, Problem problem)
    {
        while (trace.Twin is { } twin) trace = twin;
        return problem.AnswerFormat.ExtractAnswer(trace.Text);
    }

    /// <summary>
    /// Stops every live trace whose text so far is nearly the same as the same stretch of another unpruned trace: an
    /// earlier live one, or any finished one (cut to this trace's length, so a finished trace is compared on the
    /// part this one has written, not on its ending).
    /// </summary>
    private void Prune(List<Trace> traces, StrategyRun run)
    {
        var (threshold, minChars) = (spec.Number("similarity"), spec.Integer("min_chars"));
        foreach (var trace in traces.Where(t => t.Live && t.Text.Length >= minChars).ToList())
        {
            var twin = traces.FirstOrDefault(t => t != trace && t.Twin is null && (t.Finished || t.Index < trace.Index) && t.Text.Length >= minChars
                && Similarity(t.Text.Length > trace.Text.Length ? t.Text[..trace.Text.Length] : t.Text, trace.Text) >= threshold);
            if (twin is null) continue;
            trace.Twin = twin;
            run.Trace.Add($"trace {trace.Index} pruned at {trace.Tokens} tokens: it repeats {(twin.Finished ? "finished " : "")}trace {twin.Index}");
        }
    }

    /// <summary>Jaccard similarity of the sets of character 4-grams (1 for two identical texts, 0 for disjoint ones).</summary>
    public static double Similarity(string a, string b)
    {
        static HashSet<string> Grams(string s) => s.Length < 4 ? [s] : [.. Enumerable.Range(0, s.Length - 3).Select(i => s.Substring(i, 4))];
        var (x, y) = (Grams(a), Grams(b));
        var union = x.Count + y.Count - x.Count(y.Contains);
        return union == 0 ? 1 : (double)x.Count(y.Contains) / union;
    }
}
