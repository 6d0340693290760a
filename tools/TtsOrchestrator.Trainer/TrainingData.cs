using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Evals.Arith;

namespace TtsOrchestrator.Trainer;

/// <summary>
/// The training stream, cut into chunks of packed windows. Chunk c is a pure function of (seed, c, the
/// model's own samples so far), so a resumed run continues with exactly the data it would have seen.
/// Before the model has samples of its own (bootstrap) the verifier and synthesizer learn from
/// <see cref="ArithMistakes"/>; afterwards mostly from its own samples.
/// </summary>
/// <param name="mixedOrders">Half the solve and synthesis targets in a random valid order (see <see cref="TrainingPlan.MixedOrders"/>).</param>
public sealed class TrainingData(ArithTokenizer tokenizer, int contextLength, int seed, int maxLevel = 6, bool solveOnly = false, bool mixedOrders = false)
{
    public const int WindowsPerChunk = 32;

    public IReadOnlyList<int[]> Chunk(long index, IReadOnlyList<SampledSolutions> ownSamples)
    {
        // Stable seeds (HashCode.Combine is randomized per process): problems and choices of chunk c never change.
        var chunkSeed = Seeds.Derive((ulong)seed, checked((int)index));
        var random = new Random((int)(chunkSeed & int.MaxValue));
        using var problems = ArithSplits.Train((int)(chunkSeed >> 33)).GetEnumerator();
        var examples = Examples(problems, ownSamples, random);
        return Pack(examples, WindowsPerChunk);
    }

    /// <summary>Fixed held-out windows (validation problems) for the loss curve.</summary>
    public IReadOnlyList<int[]> ValidationWindows(int count)
    {
        var random = new Random(seed ^ 0x5EED);
        using var problems = ArithSplits.Validation.OrderBy(_ => random.Next()).ToList().GetEnumerator();
        return Pack(Examples(Cycle(problems), [], random), count);
    }

    private IEnumerable<int[]> Examples(IEnumerator<ArithProblem> problems, IReadOnlyList<SampledSolutions> ownSamples, Random random)
    {
        while (problems.MoveNext())
        {
            var problem = problems.Current;
            if (problem.Level > maxLevel) continue;
            // Drawn only with mixed orders, so a canonical run's stream stays what it always was.
            string Worked(ArithProblem p) => mixedOrders && random.Next(2) == 0 ? p.SolutionInRandomOrder(random) : p.Solution;
            var roll = solveOnly ? 0 : random.NextDouble();
            IReadOnlyList<PromptMessage>? chat;
            if (ownSamples.Count == 0)
                chat = roll switch
                {
                    < 0.6 => SkillExamples.Solve(problem, Worked(problem)),
                    < 0.85 => SkillExamples.VerifyStep(problem, SkillExamples.SyntheticAttempt(problem, random), random),
                    _ => SkillExamples.Synthesize(problem, SkillExamples.SyntheticAttempts(problem, random), Worked(problem)),
                };
            else
            {
                var own = ownSamples[random.Next(ownSamples.Count)];
                var ownProblem = ArithProblem.Create("own", own.Expression);
                chat = roll switch
                {
                    < 0.35 => SkillExamples.Solve(problem, Worked(problem)),
                    < 0.8 => SkillExamples.VerifyStep(ownProblem, SkillExamples.OwnAttemptToJudge(ownProblem, own, random), random),
                    < 0.88 => SkillExamples.VerifyStep(problem, SkillExamples.SyntheticAttempt(problem, random), random),
                    _ => SkillExamples.Synthesize(ownProblem, SkillExamples.OwnAttempts(own, random), Worked(ownProblem)),
                };
            }
            if (chat is not null) yield return tokenizer.EncodeExample(chat);
        }
    }

    /// <summary>
    /// Whole examples packed into windows of context + 1 tokens, padded with &lt;/s&gt;; an example never straddles
    /// two windows (the model always sees a conversation from its start). Examples longer than a window are skipped.
    /// </summary>
    private List<int[]> Pack(IEnumerable<int[]> examples, int windows)
    {
        var result = new List<int[]>(windows);
        var window = new List<int>(contextLength + 1);
        foreach (var example in examples)
        {
            if (example.Length > contextLength + 1) continue;
            if (window.Count + example.Length > contextLength + 1)
            {
                while (window.Count < contextLength + 1) window.Add(tokenizer.Pad);
                result.Add([.. window]);
                window.Clear();
                if (result.Count == windows) break;
            }
            window.AddRange(example);
        }
        return result;
    }

    private static IEnumerator<ArithProblem> Cycle(IEnumerator<ArithProblem> source)
    {
        var all = new List<ArithProblem>();
        while (source.MoveNext()) all.Add(source.Current);
        for (var i = 0; ; i++) yield return all[i % all.Count];
    }
}
