using System.Globalization;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Strategies;

/// <summary>
/// Redundancy pruning while sampling (DeepPrune's idea). A few pilot traces are written to the end first, with
/// their token log-probabilities; the other traces then grow in segments (the first of <c>segment</c> tokens, each
/// next one <c>growth</c> times longer), and after each round a trace that is redundant with a finished one is
/// stopped and its vote goes to that twin, so pruning saves tokens without thinning the vote.
/// <para>
/// Redundant, by the default judge (<c>judge=continuation</c>): the trace's text so far is the start of finished
/// traces that reach one answer, and their rests had probability at least <c>confidence</c> together under the
/// sampling temperature, so the stopped trace would have reached that answer at least that often. The text written
/// so far is not enough: on the embedded model two samples that open alike reach the same answer only about 70% of
/// the time (its slips come late), and judging by it (<c>judge=overlap</c>: Jaccard overlap of character 4-grams,
/// DeepPrune's cheap similarity, against any finished or earlier live trace) cost 10 points there; it suits long
/// traces whose opening decides the answer.
/// </para>
/// Continuations are prompts that extend the trace's own text (an engine that keeps the prefix cached decodes only
/// the new segment); a round's requests go out concurrently so the engine batches them.
/// </summary>
public sealed class DeepPruneStrategy(SpecValues spec) : IStrategy
{
    /// <summary>Top alternatives asked for each token, to put the sampling temperature on the model's probabilities.</summary>
    private const int Alternatives = 5;

    public static StrategyDescriptor Descriptor { get; } = new(
        "deep-prune",
        "sample n traces (a few pilots first, the rest in segments) and stop the ones a finished trace makes redundant (their votes go to it)",
        [
            SpecKey.Integer("n", 16, 1, 1024, "traces"),
            SpecKey.Integer("pilots", 2, 0, 1024, "traces written to the end first, for the others to be judged against"),
            SpecKey.Choice("judge", "continuation", ["continuation", "overlap"],
                "continuation: finished traces start with this one's text and their rests were likely; overlap: 4-gram Jaccard similarity to a finished or earlier trace"),
            SpecKey.Number("confidence", 0.3, 0.01, 1, "judge=continuation: prune when finished traces that start the same reach one answer with at least this probability at the sampling temperature"),
            SpecKey.Integer("segment", 8, 1, 4096, "tokens each trace grows in its first round"),
            SpecKey.Number("growth", 2, 1, 16, "each round's segment is this many times the previous one"),
            SpecKey.Number("similarity", 0.8, 0.1, 1, "judge=overlap: prune a trace whose 4-gram Jaccard similarity to another reaches this"),
            SpecKey.Integer("min_chars", 12, 0, 100_000, "judge=overlap: never compare traces shorter than this many characters"),
            .. SamplingKeys.With(defaultTemperature: 0.8),
        ],
        spec => new DeepPruneStrategy(spec)) { Example = "deep-prune:n=16,pilots=2,confidence=0.3" };

    public string Spec => spec.Canonical;

    private sealed class Trace(int index)
    {
        public int Index { get; } = index;
        public string Text { get; private set; } = "";
        public int Tokens { get; private set; }
        public Completion? Last { get; private set; }
        public bool Finished { get; private set; }
        /// <summary>The log-probability of each generated token under sampling, and the text each ends at; null once a segment came without them.</summary>
        public List<(int End, double LogProb)>? Path { get; private set; } = [];
        /// <summary>The finished (or, with judge=overlap, live) trace this one duplicated when it was pruned.</summary>
        public Trace? Twin { get; set; }
        public bool Live => !Finished && Twin is null;

        public void Grow(Completion completion, int maxTokens, double temperature)
        {
            if (completion.TokenLogProbs is { } tokens && Path is { } path)
                foreach (var token in tokens)
                    path.Add((path.Count == 0 ? token.Token.Length : path[^1].End + token.Token.Length, SamplingLogProb.Of(token, temperature)));
            else Path = null;
            Text += completion.Text;
            Tokens += completion.GeneratedTokens;
            Last = completion;
            Finished = completion.FinishReason != FinishReason.Length || Tokens >= maxTokens;
        }

        public void Stop() => Finished = true;

        /// <summary>
        /// The log-probability of this trace's tokens after its first <paramref name="chars"/> characters, or null when
        /// they do not end at a token boundary (or the engine gave no log-probabilities).
        /// </summary>
        public double? LogProbAfter(int chars)
        {
            if (Path is not { } path) return null;
            if (chars == 0) return path.Sum(t => t.LogProb);
            var last = path.FindIndex(t => t.End == chars);
            return last < 0 ? null : path.Skip(last + 1).Sum(t => t.LogProb);
        }
    }

    public async Task<StrategyResult> SolveAsync(Problem problem, IGenerator generator, Budget budget, CancellationToken cancellationToken = default)
    {
        using var run = new StrategyRun(Spec, problem, generator, budget, cancellationToken);
        var (maxTokens, temperature, n) = (spec.Integer("max_tokens"), spec.Number("temperature"), spec.Integer("n"));
        var pilots = Math.Min(spec.Integer("pilots"), n);
        var traces = new List<Trace>();

        // Pilots, to the end, in one call; then the first segment of all the others in one more (both share the prompt).
        async Task StartAsync(int count, int stream, int tokens, string purpose)
        {
            if (count == 0) return;
            var request = WithLogProbs(SamplingKeys.Request(spec, problem.Prompt, count, run.SeedFor(stream)) with { MaxTokens = tokens });
            foreach (var completion in await run.SampleAsync(request, purpose).ConfigureAwait(false))
            {
                var trace = new Trace(traces.Count);
                trace.Grow(completion, maxTokens, temperature);
                traces.Add(trace);
            }
        }
        var segment = (double)spec.Integer("segment");
        await StartAsync(pilots, 0, maxTokens, "pilots").ConfigureAwait(false);
        await StartAsync(n - pilots, 1, Math.Min((int)segment, maxTokens), "round 1").ConfigureAwait(false);

        for (var round = 2; ; round++)
        {
            segment = Math.Min(segment * spec.Number("growth"), maxTokens);
            Prune(traces, run, problem);
            var live = traces.Where(t => t.Live).ToList();
            if (live.Count == 0) break;
            var requests = live.Select(t => WithLogProbs(SamplingKeys.Request(spec, problem.Prompt.Continue(t.Text), 1, run.SeedFor(round * 10_000 + t.Index)) with
            {
                MaxTokens = Math.Min((int)segment, maxTokens - t.Tokens),
            }));
            var grown = await Task.WhenAll(requests.Select(r => run.ContinueAsync(r, $"round {round}"))).ConfigureAwait(false);
            if (grown.All(g => g.Count == 0)) break; // budget spent
            for (var i = 0; i < live.Count; i++)
                if (grown[i] is [var c, ..]) live[i].Grow(c, maxTokens, temperature);
                else live[i].Stop(); // the budget ran out: it keeps what it wrote
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

    private static GenerationRequest WithLogProbs(GenerationRequest request) => request with { TokenLogProbs = true, TopLogProbs = Alternatives };

    /// <summary>A pruned trace answers with its twin chain's final answer.</summary>
    private static string? Answer(Trace trace, Problem problem)
    {
        while (trace.Twin is { } twin) trace = twin;
        return problem.AnswerFormat.ExtractAnswer(trace.Text);
    }

    /// <summary>Stops every live trace that has a twin by the spec's judge; the trace names each pruned trace, its twin and why.</summary>
    private void Prune(List<Trace> traces, StrategyRun run, Problem problem)
    {
        var byContinuation = spec.Choice("judge") == "continuation";
        foreach (var trace in traces.Where(t => t.Live).ToList())
        {
            var (twin, why) = byContinuation ? ContinuationTwin(traces, trace, problem) : OverlapTwin(traces, trace);
            if (twin is null) continue;
            trace.Twin = twin;
            run.Trace.Add($"trace {trace.Index} pruned at {trace.Tokens} tokens: {why}");
        }
    }

    /// <summary>
    /// The finished traces that start with this one's text are ways it can go on; grouped by final answer (each distinct
    /// text once), a group's summed rest probability is a lower bound on P(this trace ends at that answer). When the
    /// likeliest answer reaches <c>confidence</c>, the first trace of its group is the twin.
    /// </summary>
    private (Trace?, string) ContinuationTwin(List<Trace> traces, Trace trace, Problem problem)
    {
        var likeliest = traces.Where(t => t != trace && t.Finished && t.Twin is null && t.Text.StartsWith(trace.Text, StringComparison.Ordinal))
            .DistinctBy(t => t.Text)
            .Select(t => (Trace: t, After: t.LogProbAfter(trace.Text.Length)))
            .Where(c => c.After is not null)
            .GroupBy(c => problem.AnswerFormat.ExtractAnswer(c.Trace.Text) ?? "no answer")
            .Select(g => (Answer: g.Key, Twins: g.Select(c => c.Trace.Index).ToList(), Probability: g.Sum(c => Math.Exp(c.After!.Value))))
            .OrderByDescending(g => g.Probability).FirstOrDefault(); // default (no twins) when nothing matches
        if (likeliest.Twins is not { } twins || likeliest.Probability < spec.Number("confidence")) return (null, "");
        var who = twins.Count == 1 ? $"finished trace {twins[0]} starts" : $"finished traces {string.Join(", ", twins)} start";
        return (traces[twins[0]], string.Create(CultureInfo.InvariantCulture,
            $"{who} the same and went on to answer {likeliest.Answer} with probability {likeliest.Probability:0.00}"));
    }

    /// <summary>
    /// An unpruned trace — an earlier live one, or any finished one (cut to this trace's length, so it is compared on
    /// the part this one has written) — whose text so far is nearly the same.
    /// </summary>
    private (Trace?, string) OverlapTwin(List<Trace> traces, Trace trace)
    {
        var (threshold, minChars) = (spec.Number("similarity"), spec.Integer("min_chars"));
        if (trace.Text.Length < minChars) return (null, "");
        var twin = traces.FirstOrDefault(t => t != trace && t.Twin is null && (t.Finished || t.Index < trace.Index) && t.Text.Length >= minChars
            && Similarity(t.Text.Length > trace.Text.Length ? t.Text[..trace.Text.Length] : t.Text, trace.Text) >= threshold);
        return (twin, twin is null ? "" : $"it repeats {(twin.Finished ? "finished " : "")}trace {twin.Index}");
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
