using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Evals.Arith;
using TtsOrchestrator.LlamaCpp.Engine;

namespace TtsOrchestrator.Trainer;

/// <summary>
/// Runs a checkpoint through the project's own inference engine (the same path users get): samples
/// solutions for the self-training data and measures greedy accuracy for the training log.
/// </summary>
public sealed class ModelSampler : IDisposable
{
    public const int MaxSolutionTokens = 256;
    private readonly LlamaGenerator _generator;

    public ModelSampler(string modelPath, int threads) =>
        _generator = LlamaGenerator.Start(new LlamaEngineOptions { ModelPath = modelPath, MaxParallelSequences = 64, Threads = threads });

    /// <summary><paramref name="n"/> solutions per problem at <paramref name="temperature"/>, seeded per problem.</summary>
    public Task<List<SampledSolutions>> SampleAsync(IReadOnlyList<ArithProblem> problems, int n, double temperature, ulong seed) =>
        SampleAsync(_generator, problems, n, temperature, seed, CancellationToken.None);

    /// <summary>The same on any generator: every problem's samples in one request, 16 problems in flight.</summary>
    public static async Task<List<SampledSolutions>> SampleAsync(IGenerator generator, IReadOnlyList<ArithProblem> problems, int n, double temperature, ulong seed, CancellationToken cancellationToken)
    {
        var results = new SampledSolutions[problems.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, problems.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var result = await generator.GenerateAsync(new GenerationRequest
            {
                Prompt = ArithTask.ToProblem(problems[i]).Prompt,
                N = n,
                MaxTokens = MaxSolutionTokens,
                Sampling = new SamplingOptions { Temperature = temperature, Seed = Seeds.Derive(seed, i) },
            }, ct);
            results[i] = new SampledSolutions(problems[i].Expression, result.Completions.Select(c => c.Text).ToList());
        });
        return [.. results];
    }

    /// <summary>Greedy accuracy per level (level → fraction correct).</summary>
    public async Task<SortedDictionary<int, double>> GreedyAccuracyAsync(IReadOnlyList<ArithProblem> problems)
    {
        var solutions = await SampleAsync(problems, 1, temperature: 0, seed: 0);
        var format = FinalAnswerFormat.Instance;
        return new SortedDictionary<int, double>(problems
            .Select((p, i) => (p.Level, Correct: format.ExtractAnswer(solutions[i].Solutions[0]) is { } a && format.AreEquivalent(a, p.Answer)))
            .GroupBy(x => x.Level)
            .ToDictionary(g => g.Key, g => g.Average(x => x.Correct ? 1.0 : 0.0)));
    }

    public void Dispose() => _generator.Dispose();
}
