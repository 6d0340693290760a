using BenchmarkDotNet.Attributes;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Simulation;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Strategies;

namespace TtsOrchestrator.Benchmarks;

/// <summary>
/// What a strategy costs on top of the generator: spec parsing, budget bookkeeping, answer
/// extraction, voting and the trace, measured against a simulated generator that costs almost
/// nothing. Compare with a real engine's time per problem (tens of milliseconds and up) to get the
/// orchestration share of wall time.
/// </summary>
[MemoryDiagnoser]
public class OrchestrationOverheadBenchmarks
{
    private readonly StrategyRegistry _registry = BuiltInStrategies.CreateRegistry();
    private IStrategy _majority = null!;
    private Problem _problem = null!;
    private SimulatedGenerator _simulation = null!;
    private List<Candidate> _candidates = null!;

    [Params(16, 64)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var simulated = SimulatedProblem.WithSuccessRate("bench", 0.5, "1/2", ("0.25", 1), ("3", 1));
        _simulation = new SimulatedGenerator([simulated]);
        _problem = simulated.ToProblem(seed: 1);
        _majority = _registry.Create($"majority:n={N}");
        var rng = new Random(1);
        string[] answers = ["1/2", "0.5", "0.25", "3", "0.50"];
        _candidates = Enumerable.Range(0, N)
            .Select(i => new Candidate(i, "", answers[rng.Next(answers.Length)], null, 100, FinishReason.EndOfText, null))
            .ToList();
    }

    [Benchmark(Description = "majority:n=N end to end on the simulation")]
    public Task<StrategyResult> MajoritySolve() => _majority.SolveAsync(_problem, _simulation, Budget.Unlimited);

    [Benchmark(Description = "simulated generator call alone")]
    public Task<GenerationResult> GeneratorOnly() => _simulation.GenerateAsync(new GenerationRequest { Prompt = _problem.Prompt, N = N });

    [Benchmark(Description = "vote tally with numeric equivalence")]
    public IReadOnlyList<AnswerVote> Tally() => AnswerVoting.Tally(_candidates, FinalAnswerFormat.Instance);

    [Benchmark(Description = "spec parse")]
    public string ParseSpec() => _registry.Parse("majority:n=16,temperature=0.7,top_p=0.95").Canonical;
}
