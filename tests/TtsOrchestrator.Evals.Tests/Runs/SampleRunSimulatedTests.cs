using TtsOrchestrator.Core.Simulation;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Evals.Tests.Runs;

/// <summary>
/// <see cref="SampleRun"/> on the SIMULATED generator (known success rates, not a model): pass@1 and coverage come out
/// as the simulation says, one request of n=K per problem, and a rerun samples nothing new.
/// </summary>
public sealed class SampleRunSimulatedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tts-sample-run").FullName;

    [Fact]
    public async Task Pass_at_1_and_coverage_follow_the_simulated_success_rates()
    {
        SimulatedProblem[] problems =
        [
            SimulatedProblem.WithSuccessRate("easy", 0.9, "1", ("2", 1)),
            SimulatedProblem.WithSuccessRate("half", 0.5, "3", ("4", 1)),
            SimulatedProblem.WithSuccessRate("never", 0.0, "5", ("6", 1)),
        ];
        var items = problems.Select(p => new BenchmarkItem(p.ToProblem() with { Difficulty = p.Id }, p.CorrectAnswer)).ToList();
        var generator = new SimulatedGenerator(problems);
        var run = new SampleRun(_dir, "simulated", items, new SampleRun.Settings(K: 200), seed: 5, concurrency: 2);

        var outcome = await run.RunAsync(generator, null, CancellationToken.None);

        Assert.Equal(3, generator.Calls); // one request per problem: the engine batches its K samples
        Assert.All(outcome.Lines, l => Assert.Equal(200, l.Samples.Count));
        Assert.Equal(0.9, outcome.Lines[0].Correct / 200.0, 1);
        Assert.Equal(0.5, outcome.Lines[1].Correct / 200.0, 1);
        Assert.Equal(0, outcome.Lines[2].Correct);
        Assert.Equal((0.9 + 0.5) / 3, outcome.Summary.PassAt1, 1);
        Assert.Equal(2.0 / 3, outcome.Summary.PassAtK, 6);
        Assert.Equal(600, outcome.Summary.SamplesTotal);

        // The same folder again: nothing is sampled, the lines stay as they are.
        var before = File.ReadAllBytes(run.SamplesPath);
        var again = await run.RunAsync(generator, null, CancellationToken.None);
        Assert.Equal(3, generator.Calls);
        Assert.Equal(3, again.AlreadyDone);
        Assert.Equal(before, File.ReadAllBytes(run.SamplesPath));
        Assert.Equal(outcome.Summary, again.Summary);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
