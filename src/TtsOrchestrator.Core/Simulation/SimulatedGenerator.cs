using System.Diagnostics;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Core.Simulation;

/// <summary>
/// A simulated problem: the answers a model would give to it and how often. The first answer is the
/// correct one; the probabilities may sum to less than 1, the rest being solutions with no answer.
/// </summary>
public sealed record SimulatedProblem(string Id, IReadOnlyList<(string Answer, double Probability)> Answers)
{
    public string CorrectAnswer => Answers[0].Answer;
    public double SuccessRate => Answers[0].Probability;

    /// <summary>Success rate <paramref name="p"/>; the remaining mass is spread over <paramref name="wrong"/> in the given proportions.</summary>
    public static SimulatedProblem WithSuccessRate(string id, double p, string correct, params (string Answer, double Weight)[] wrong)
    {
        var total = wrong.Sum(w => w.Weight);
        return new SimulatedProblem(id, [(correct, p), .. wrong.Select(w => (w.Answer, (1 - p) * w.Weight / total))]);
    }

    /// <summary>The problem as a strategy sees it; the simulator recognises it by its question.</summary>
    public Problem ToProblem(ulong seed = 0) => Problem.FromQuestion(QuestionText, id: Id) with { Seed = seed };

    internal string QuestionText => $"simulated problem {Id}";
}

/// <summary>
/// A SIMULATION, not a model: samples answers from each problem's known distribution so that
/// aggregation and budget-controller math can be tested exactly. Completion i of a request is
/// reproducible from (seed, i); temperature 0 always gives the most likely answer. Never the default
/// of any command.
/// </summary>
public sealed class SimulatedGenerator : IGenerator
{
    private readonly Dictionary<string, SimulatedProblem> _byQuestion;
    private readonly int _tokensPerSample;
    private int _calls;

    public SimulatedGenerator(IEnumerable<SimulatedProblem> problems, int tokensPerSample = 40)
    {
        _byQuestion = problems.ToDictionary(p => p.QuestionText);
        foreach (var p in _byQuestion.Values)
        {
            var mass = p.Answers.Sum(a => a.Probability);
            if (p.Answers.Count == 0 || p.Answers.Any(a => a.Probability < 0) || mass > 1 + 1e-9)
                throw new ArgumentException($"simulated problem '{p.Id}' needs at least one answer and probabilities in [0,1] summing to at most 1 (got {mass})");
        }
        _tokensPerSample = tokensPerSample;
    }

    public GeneratorInfo Info => new("simulated", ParameterCount: null);

    /// <summary>Number of <see cref="GenerateAsync"/> calls so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        request.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        var started = Stopwatch.GetTimestamp();
        var question = request.Prompt.Messages.LastOrDefault(m => m.Role == PromptRole.User)?.Content ?? request.Prompt.RawText ?? "";
        if (!_byQuestion.TryGetValue(question, out var problem))
            throw new ArgumentException($"the simulation has no problem with question '{question}'");

        var promptTokens = question.Length / 4 + 1;
        var completions = new Completion[request.N];
        for (var i = 0; i < request.N; i++)
        {
            var rng = new Random((int)(Seeds.Derive(request.Sampling.Seed, i) & 0x7FFFFFFF));
            var answer = request.Sampling.IsGreedy ? MostLikely(problem) : Draw(problem, rng.NextDouble());
            var tokens = Math.Min(request.MaxTokens, Math.Max(1, _tokensPerSample + rng.Next(-_tokensPerSample / 4, _tokensPerSample / 4 + 1)));
            var truncated = tokens < _tokensPerSample * 3 / 4; // too short to reach the answer line
            completions[i] = new Completion
            {
                Index = i,
                Text = truncated || answer is null ? "Simulated reasoning that trails off" : $"Simulated reasoning.\n#### {answer}",
                FinishReason = truncated ? FinishReason.Length : FinishReason.EndOfText,
                PromptTokens = promptTokens,
                GeneratedTokens = tokens,
                MeanLogProb = -0.2 - rng.NextDouble(),
                Latency = Stopwatch.GetElapsedTime(started),
            };
        }
        return Task.FromResult(new GenerationResult
        {
            Completions = completions,
            PromptTokensEvaluated = promptTokens,
            Latency = Stopwatch.GetElapsedTime(started),
        });
    }

    private static string? MostLikely(SimulatedProblem p)
    {
        var best = p.Answers.MaxBy(a => a.Probability);
        return best.Probability >= 1 - p.Answers.Sum(a => a.Probability) ? best.Answer : null;
    }

    private static string? Draw(SimulatedProblem p, double u)
    {
        foreach (var (answer, probability) in p.Answers)
        {
            if (u < probability) return answer;
            u -= probability;
        }
        return null;
    }
}
