using System.Diagnostics;
using TtsOrchestrator.Core.Curves;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Prompts;
using TtsOrchestrator.Core.Scoring;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Evals.Arith;
using TtsOrchestrator.LlamaCpp.Engine;

namespace TtsOrchestrator.Trainer;

/// <summary>One row of the model card's table (a level, or all levels); accuracies are fractions.</summary>
public sealed record LevelScores(string Level, int Problems, double Greedy, double PassAt1, double MajorityAt16, double PassAt16);

/// <summary>Verifier and synthesis measures on the problems where they were run.</summary>
public sealed record SkillScores(
    int Problems, int Steps, double VerifierAuroc, double BestOfNByVerifier, double MajorityAt16,
    double SynthesisFrom4, double MajorityAt4, double FirstErrorAuroc = double.NaN, double PrefixAuroc = double.NaN);

/// <summary>What the model's tests hold the committed file to, and the batched latency bar.</summary>
public sealed record CheckScores(double GreedyOnFixed50, double VerifierPairsRankedRight, double SixteenSamplesSeconds);

public sealed record ModelEvaluationResult(string Model, double Temperature, int Samples, IReadOnlyList<LevelScores> Levels, SkillScores Skills, CheckScores Checks, double Seconds)
{
    /// <summary>The model card's tables (Markdown).</summary>
    public string ToMarkdown()
    {
        static string P(double x) => double.IsNaN(x) ? "n/a" : $"{100 * x:0.0}";
        var text = new System.Text.StringBuilder();
        text.AppendLine($"| level | problems | greedy % | pass@1 % (T={Temperature}) | maj@{Samples} % | pass@{Samples} % | maj@{Samples} − pass@1 | pass@{Samples} − pass@1 |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in Levels)
            text.AppendLine($"| {r.Level} | {r.Problems} | {P(r.Greedy)} | {P(r.PassAt1)} | {P(r.MajorityAt16)} | {P(r.PassAt16)} | {P(r.MajorityAt16 - r.PassAt1)} | {P(r.PassAt16 - r.PassAt1)} |");
        text.AppendLine();
        text.AppendLine($"| skill measure ({Skills.Problems} problems, {Skills.Steps} sampled steps) | value |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| step-verifier AUROC (Math-Shepherd labels) | {Skills.VerifierAuroc:0.000} |");
        text.AppendLine($"| step-verifier AUROC, right steps vs first wrong steps (what it is trained to tell apart) | {Skills.FirstErrorAuroc:0.000} |");
        text.AppendLine($"| prefix AUROC (Math-Shepherd labels; a prefix scores its weakest step, as best-of-n's agg=min reads it) | {Skills.PrefixAuroc:0.000} |");
        text.AppendLine($"| best-of-{Samples} by verifier (min over steps) % | {P(Skills.BestOfNByVerifier)} |");
        text.AppendLine($"| maj@{Samples} on the same problems % | {P(Skills.MajorityAt16)} |");
        text.AppendLine($"| synthesis from 4 samples (greedy) % | {P(Skills.SynthesisFrom4)} |");
        text.AppendLine($"| maj@4 on the same samples % | {P(Skills.MajorityAt4)} |");
        text.AppendLine($"| greedy accuracy on the 50 fixed test problems of the model test % | {P(Checks.GreedyOnFixed50)} |");
        text.AppendLine($"| verifier ranks a right step above a corrupted one (100 pairs) % | {P(Checks.VerifierPairsRankedRight)} |");
        text.AppendLine($"| 16 samples of one level-6 problem, batched, wall time (median of 5) | {Checks.SixteenSamplesSeconds:0.00} s |");
        return text.ToString();
    }
}

/// <summary>
/// The model card's measurements on the held-out arith test split, through the project's own engine and the
/// same verifier the strategies use (<see cref="PromptedStepVerifier"/>): greedy accuracy, pass@1 (mean over
/// the samples), maj@16 and pass@16 per level; step-verifier AUROC on the model's own sampled steps
/// (Math-Shepherd labels from <see cref="StepChecker"/>); best-of-16 by the verifier (min over steps) against
/// maj@16; and synthesis from 4 samples against maj@4.
/// </summary>
public sealed class ModelEvaluation(string modelPath, int threads, TextWriter log)
{
    public const int Samples = 16;
    public const double Temperature = 0.8;

    public async Task<ModelEvaluationResult> RunAsync(int perLevel, int skillPerLevel, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var problems = ArithSplits.Test.GroupBy(p => p.Level).SelectMany(g => g.Take(perLevel)).ToList();
        // Twice the trained context: a synthesis prompt with four long (wrong) attempts plus its answer can pass 512 tokens.
        using var generator = LlamaGenerator.Start(new LlamaEngineOptions { ModelPath = modelPath, MaxParallelSequences = 64, Threads = threads, ContextPerSequence = 1024 });

        var greedy = await SolveAllAsync(generator, problems, 1, 0, ct);
        log.WriteLine($"greedy: {problems.Count} problems in {watch.Elapsed.TotalSeconds:0} s");
        var sampled = await SolveAllAsync(generator, problems, Samples, Temperature, ct);
        log.WriteLine($"samples: {problems.Count} x {Samples} in {watch.Elapsed.TotalSeconds:0} s");

        var format = FinalAnswerFormat.Instance;
        bool Correct(ArithProblem p, string text) => format.ExtractAnswer(text) is { } a && format.AreEquivalent(a, p.Answer);
        LevelScores Row(string level, IReadOnlyList<int> indices) => new(level, indices.Count,
            indices.Average(i => Correct(problems[i], greedy[i][0]) ? 1.0 : 0),
            indices.Average(i => sampled[i].Average(s => Correct(problems[i], s) ? 1.0 : 0)),
            indices.Average(i => Majority(sampled[i]) is { } m && format.AreEquivalent(m, problems[i].Answer) ? 1.0 : 0),
            indices.Average(i => sampled[i].Any(s => Correct(problems[i], s)) ? 1.0 : 0));
        var rows = problems.Select((p, i) => (p.Level, i)).GroupBy(x => x.Level)
            .Select(g => Row(g.Key.ToString(), [.. g.Select(x => x.i)])).ToList();
        rows.Add(Row("all", [.. Enumerable.Range(0, problems.Count)]));

        var skillIndices = problems.Select((p, i) => (p.Level, i)).GroupBy(x => x.Level).SelectMany(g => g.Take(skillPerLevel).Select(x => x.i)).ToList();
        var skills = await SkillsAsync(generator, problems, sampled, skillIndices, Correct, ct);
        log.WriteLine($"verifier and synthesis: {skillIndices.Count} problems in {watch.Elapsed.TotalSeconds:0} s");
        var checks = new CheckScores(
            await GreedyAccuracyAsync(generator, FixedFifty, ct),
            await VerifierPairsAsync(generator, ct),
            await SixteenSamplesSecondsAsync(generator, ct));
        return new ModelEvaluationResult(Path.GetFileName(modelPath), Temperature, Samples, rows, skills, checks, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The 50 test problems the model test solves: evenly spaced over the test split, so all levels appear.</summary>
    public static IReadOnlyList<ArithProblem> FixedFifty => [.. ArithSplits.Test.Where((_, i) => i % (ArithSplits.Test.Count / 50) == 0).Take(50)];

    public static async Task<double> GreedyAccuracyAsync(IGenerator generator, IReadOnlyList<ArithProblem> problems, CancellationToken ct)
    {
        var format = FinalAnswerFormat.Instance;
        var solutions = await SolveAllAsync(generator, problems, 1, 0, ct);
        return problems.Select((p, i) => format.ExtractAnswer(solutions[i][0]) is { } a && format.AreEquivalent(a, p.Answer) ? 1.0 : 0).Average();
    }

    /// <summary>
    /// 100 pairs of partial solutions that share their earlier steps and differ in the last one: the right step
    /// versus a corrupted one (<see cref="ArithMistakes"/>). Returns the fraction where the right one scores higher.
    /// </summary>
    public static async Task<double> VerifierPairsAsync(IGenerator generator, CancellationToken ct)
    {
        var verifier = new PromptedStepVerifier(generator);
        var random = new Random(100);
        var right = 0;
        var problems = ArithSplits.Test.Where((_, i) => i % 5 == 3).Take(100).ToList(); // 100 problems spread over all levels
        foreach (var problem in problems)
        {
            var wrong = SolutionSteps.Split(ArithMistakes.WrongSolution(problem, random));
            var slip = StepChecker.Check(problem, string.Join("\n", wrong)).ToList().FindIndex(v => !v.IsCorrect);
            IReadOnlyList<string> good = [.. problem.Steps.Take(slip + 1)], bad = [.. wrong.Take(slip + 1)];
            var scores = await verifier.ScoreStepsAsync(ArithTask.ToProblem(problem), [good, bad], ct);
            right += scores[0][^1] > scores[1][^1] ? 1 : 0;
        }
        return (double)right / problems.Count;
    }

    /// <summary>Wall time of one request for 16 samples of a level-6 problem (median of 5 runs after a warm-up).</summary>
    public static async Task<double> SixteenSamplesSecondsAsync(IGenerator generator, CancellationToken ct)
    {
        var problem = ArithSplits.Test.Last(p => p.Level == ArithGenerator.MaxLevel);
        var times = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            var watch = Stopwatch.StartNew();
            await generator.GenerateAsync(new GenerationRequest
            {
                Prompt = ArithTask.ToProblem(problem).Prompt,
                N = Samples,
                MaxTokens = ModelSampler.MaxSolutionTokens,
                Sampling = new SamplingOptions { Temperature = Temperature, Seed = (ulong)run },
            }, ct);
            if (run > 0) times.Add(watch.Elapsed.TotalSeconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    private async Task<SkillScores> SkillsAsync(IGenerator generator, IReadOnlyList<ArithProblem> problems, IReadOnlyList<IReadOnlyList<string>> sampled,
        IReadOnlyList<int> indices, Func<ArithProblem, string, bool> correct, CancellationToken ct)
    {
        var format = FinalAnswerFormat.Instance;
        var verifier = new PromptedStepVerifier(generator);
        var labelled = new List<(double Score, bool Good)>();
        // Steps after a solution's first error are bad by Math-Shepherd's labels, but each may be right from the line
        // above it, which is all a last-step verifier checks: this second set leaves them out.
        var upToFirstError = new List<(double Score, bool Good)>();
        var prefixes = new List<(double Score, bool Good)>();
        double bestOfN = 0, majority16 = 0, synthesis = 0, majority4 = 0;
        var done = 0;
        await Parallel.ForEachAsync(indices, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            var problem = problems[i];
            var stepLists = sampled[i].Select(SolutionSteps.Split).ToList();
            var scores = await verifier.ScoreStepsAsync(ArithTask.ToProblem(problem), stepLists, token);
            var synthesized = await generator.GenerateAsync(new GenerationRequest
            {
                Prompt = SkillPrompts.Synthesize(ArithTask.Question(problem), sampled[i].Take(4)),
                Sampling = SamplingOptions.Greedy,
                MaxTokens = ModelSampler.MaxSolutionTokens,
            }, token);
            lock (labelled)
            {
                for (var s = 0; s < sampled[i].Count; s++)
                {
                    var verdicts = StepChecker.Check(problem, sampled[i][s]);
                    var (allGood, weakest) = (true, 1.0);
                    for (var j = 0; j < verdicts.Count && j < scores[s].Count; j++)
                    {
                        if (allGood) upToFirstError.Add((scores[s][j], verdicts[j].IsCorrect));
                        allGood &= verdicts[j].IsCorrect;
                        weakest = Math.Min(weakest, scores[s][j]);
                        labelled.Add((scores[s][j], allGood));
                        prefixes.Add((weakest, allGood));
                    }
                }
                // Best-of-16: the solution whose weakest step the verifier likes most; solutions without steps rank last.
                var best = Enumerable.Range(0, sampled[i].Count).MaxBy(s => scores[s].Count == 0 ? -1 : scores[s].Min());
                bestOfN += correct(problem, sampled[i][best]) ? 1 : 0;
                majority16 += Majority(sampled[i]) is { } m && format.AreEquivalent(m, problem.Answer) ? 1 : 0;
                majority4 += Majority(sampled[i].Take(4).ToList()) is { } m4 && format.AreEquivalent(m4, problem.Answer) ? 1 : 0;
                synthesis += correct(problem, synthesized.Completions[0].Text) ? 1 : 0;
                if (++done % 50 == 0) log.WriteLine($"  verified {done}/{indices.Count}");
            }
        });
        var n = indices.Count;
        return new SkillScores(n, labelled.Count, Auroc(labelled), bestOfN / n, majority16 / n, synthesis / n, majority4 / n, Auroc(upToFirstError), Auroc(prefixes));
    }

    private static async Task<List<IReadOnlyList<string>>> SolveAllAsync(IGenerator generator, IReadOnlyList<ArithProblem> problems, int n, double temperature, CancellationToken ct) =>
        [.. (await ModelSampler.SampleAsync(generator, problems, n, temperature, seed: 20_261_123, ct)).Select(s => s.Solutions)];

    /// <summary>The most frequent final answer (earliest wins ties), or null when no sample has one.</summary>
    private static string? Majority(IReadOnlyList<string> solutions)
    {
        var format = FinalAnswerFormat.Instance;
        var candidates = solutions.Select((text, i) => new Candidate(i, text, format.ExtractAnswer(text), null, 0, FinishReason.EndOfText, null)).ToList();
        return AnswerVoting.Tally(candidates, format).FirstOrDefault()?.Answer;
    }

    /// <summary>Area under the ROC curve: the chance a random good step outscores a random bad one (ties count half).</summary>
    public static double Auroc(IReadOnlyList<(double Score, bool Good)> labelled) => VerifierMeasurement.AreaUnderRoc(
        [.. labelled.Where(x => x.Good).Select(x => x.Score)], [.. labelled.Where(x => !x.Good).Select(x => x.Score)]);
}
