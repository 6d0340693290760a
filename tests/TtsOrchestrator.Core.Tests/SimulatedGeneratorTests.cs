using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Simulation;

namespace TtsOrchestrator.Core.Tests;

public class SimulatedGeneratorTests
{
    private static readonly SimulatedProblem Problem = SimulatedProblem.WithSuccessRate("p1", 0.6, "42", ("41", 2), ("40", 1));
    private readonly SimulatedGenerator _generator = new([Problem]);

    private async Task<IReadOnlyList<string?>> Answers(int n, ulong seed, double temperature = 0.8)
    {
        var result = await _generator.GenerateAsync(new GenerationRequest
        {
            Prompt = Problem.ToProblem().Prompt, N = n, Sampling = new SamplingOptions { Seed = seed, Temperature = temperature },
        });
        return result.Completions.Select(c => FinalAnswerFormat.Instance.ExtractAnswer(c.Text)).ToList();
    }

    [Fact]
    public async Task Same_seed_gives_the_same_samples_and_other_seeds_differ()
    {
        Assert.Equal(await Answers(64, seed: 7), await Answers(64, seed: 7));
        Assert.NotEqual(await Answers(64, seed: 7), await Answers(64, seed: 8));
    }

    [Fact]
    public async Task Sample_i_does_not_depend_on_how_many_were_asked_for()
    {
        var few = await Answers(5, seed: 3);
        var many = await Answers(50, seed: 3);
        Assert.Equal(few, many.Take(5));
    }

    [Fact]
    public async Task Answer_frequencies_match_the_distribution()
    {
        const int n = 20_000;
        var answers = await Answers(n, seed: 11);
        double Freq(string a) => answers.Count(x => x == a) / (double)n;
        // 4 standard deviations of a binomial proportion at n = 20000 is at most 0.014.
        Assert.InRange(Freq("42"), 0.6 - 0.014, 0.6 + 0.014);
        Assert.InRange(Freq("41"), 0.4 * 2 / 3 - 0.014, 0.4 * 2 / 3 + 0.014);
        Assert.InRange(Freq("40"), 0.4 / 3 - 0.014, 0.4 / 3 + 0.014);
    }

    [Fact]
    public async Task Greedy_always_gives_the_most_likely_answer() =>
        Assert.All(await Answers(20, seed: 1, temperature: 0), a => Assert.Equal("42", a));

    [Fact]
    public async Task Unassigned_mass_yields_solutions_without_an_answer()
    {
        var g = new SimulatedGenerator([new SimulatedProblem("q", [("1", 0.3)])]);
        var r = await g.GenerateAsync(new GenerationRequest { Prompt = new SimulatedProblem("q", [("1", 0.3)]).ToProblem().Prompt, N = 2000 });
        var none = r.Completions.Count(c => FinalAnswerFormat.Instance.ExtractAnswer(c.Text) is null);
        Assert.InRange(none / 2000.0, 0.65, 0.75);
    }

    [Fact]
    public void Distributions_with_more_than_all_the_mass_are_rejected() =>
        Assert.Throws<ArgumentException>(() => new SimulatedGenerator([new SimulatedProblem("bad", [("1", 0.7), ("2", 0.5)])]));

    [Fact]
    public async Task Unknown_problems_are_an_error() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _generator.GenerateAsync(new GenerationRequest { Prompt = Prompt.FromQuestion("other") }));
}
