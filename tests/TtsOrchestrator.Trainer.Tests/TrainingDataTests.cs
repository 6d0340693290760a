using TtsOrchestrator.Core.Prompts;
using TtsOrchestrator.Evals.Arith;
using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer.Tests;

public class TrainingDataTests
{
    private static readonly TrainingData Data = new(TinyArithModel.Tokenizer, contextLength: 512, seed: 3);

    [Fact]
    public void Windows_hold_whole_conversations_padded_to_context_plus_one()
    {
        var windows = Data.Chunk(0, []);
        Assert.Equal(TrainingData.WindowsPerChunk, windows.Count);
        foreach (var window in windows)
        {
            Assert.Equal(513, window.Length);
            Assert.Equal(SpmVocabulary.BosId, window[0]); // every window starts a conversation
            // A conversation ends with <|im_end|> right before the next BOS or the padding: none is cut off.
            for (var i = 1; i < window.Length; i++)
                if (window[i] == SpmVocabulary.BosId || (window[i] == TinyArithModel.Tokenizer.Pad && window[i - 1] != TinyArithModel.Tokenizer.Pad))
                    Assert.Equal(SpmVocabulary.ImEndId, window[i - 1]);
        }
    }

    [Fact]
    public void Loss_falls_on_the_assistant_replies_and_their_end_of_turn_only()
    {
        var tokenizer = TinyArithModel.Tokenizer;
        var chat = SkillExamples.VerifyExample(ArithProblem.Create("p", "2+3*4"), ["3*4=13"], "3*4=12", correct: false);
        var window = tokenizer.EncodeExample(chat).Concat(tokenizer.EncodeExample(ArithTask.ToChat(ArithProblem.Create("q", "5+1")))).Append(tokenizer.Pad).ToArray();
        var trained = tokenizer.AssistantTargets(window);

        // The targets with loss, read back as text: the redone step, given minus redone result, the verdict, the worked solution, each followed by <|im_end|>.
        var learned = string.Concat(Enumerable.Range(0, trained.Length).Where(t => trained[t]).Select(t => TinyArithModel.Vocabulary.Tokens[window[t + 1]]));
        Assert.Equal($"3*4=12\n13-12=1\n{SkillPrompts.StepWrong}<|im_end|>5+1=6\n####{SpmVocabulary.SpaceMarker}6<|im_end|>", learned);
        Assert.Equal(window.Length - 1, trained.Length);
    }

    [Fact]
    public void A_verdict_weighs_more_than_the_other_assistant_tokens_and_the_user_turn_nothing()
    {
        var tokenizer = TinyArithModel.Tokenizer;
        var verify = SkillExamples.VerifyExample(ArithProblem.Create("p", "2+3*4"), ["3*4=13"], "3*4=12", correct: false);
        var window = tokenizer.EncodeExample(verify).Concat(tokenizer.EncodeExample(ArithTask.ToChat(ArithProblem.Create("q", "5-1")))).ToArray();
        var weights = tokenizer.TargetWeights(window, verdictWeight: 8);
        var byToken = Enumerable.Range(0, weights.Length).Where(t => weights[t] > 0).Select(t => (TinyArithModel.Vocabulary.Tokens[window[t + 1]], weights[t])).ToList();
        // "3*4=12\n13-12=1\n-" then end of turn, then "5-1=4\n#### 4" then end of turn: only the verdict "-" weighs 8.
        Assert.Equal(8, byToken.Single(x => x.Item2 > 1).Item2);
        Assert.Equal(SkillPrompts.StepWrong, byToken.Single(x => x.Item2 > 1).Item1);
        Assert.Equal(3, byToken.Count(x => x.Item1 == SkillPrompts.StepWrong));
        Assert.Equal(tokenizer.AssistantTargets(window).Count(x => x), byToken.Count);
    }

    [Fact]
    public void A_chunk_is_the_same_every_time_and_differs_from_the_next() =>
        Assert.Multiple(
            () => Assert.Equal(Data.Chunk(5, []), new TrainingData(TinyArithModel.Tokenizer, 512, seed: 3).Chunk(5, [])),
            () => Assert.NotEqual(Data.Chunk(5, []), Data.Chunk(6, [])));

    [Fact]
    public void Own_samples_feed_the_verifier_and_synthesizer_examples()
    {
        var problem = ArithProblem.Create("p", "12+3*4");
        var own = new SampledSolutions(problem.Expression, ["3*4=12\n12+12=24\n#### 24", "3*4=13\n12+13=25\n#### 25"]);
        var text = string.Concat(Data.Chunk(0, [own]).SelectMany(w => w).Select(t => TinyArithModel.Vocabulary.Tokens[t]));
        Assert.Contains("Check▁the▁last▁step.", text);
        Assert.Contains("3*4=13", text); // the wrong sample appears as an attempt or a step to judge
        Assert.Contains("Attempt▁1:", text);
    }

    [Theory]
    [InlineData("3*4=12 [12+12]\n12+12=24\n#### 24", 2, "++", "3*4=12 [12+12]|12+12=24")]
    [InlineData("3*4=12\n12+12=24\n#### 24", 2, "++", "3*4=12 [12+12]|12+12=24")] // the format before brackets is judged too
    [InlineData("3*4=13 [12+13]\n12+13=25\n#### 25", 1, "-", "3*4=12 [12+12]")] // only prefixes up to the first error are judged
    [InlineData("3*4=12 [13+12]\n13+12=25\n#### 25", 1, "-", "3*4=12 [12+12]")] // a miscopied remainder is an error
    [InlineData("12+3=15 [15*4]\n15*4=60\n#### 60", 1, "-", "3*4=12 [12+12]")] // wrong order is wrong
    public void Verifier_labels_are_right_exactly_while_every_step_so_far_is(string solution, int prefixes, string labels, string redone)
    {
        var problem = ArithProblem.Create("p", "12+3*4");
        var seen = new SortedDictionary<int, string>();
        for (var seed = 0; seen.Count < prefixes && seed < 200; seed++)
        {
            var chat = SkillExamples.VerifyStep(problem, solution, new Random(seed))!;
            var steps = chat[0].Content.Split('\n').Length - 2; // instruction and question lines come first
            seen[steps] = chat[1].Content;
        }
        // Each answer redoes the step the solution should take there, then gives the verdict on its own line.
        Assert.Equal(prefixes, seen.Count);
        Assert.Equal(labels, string.Concat(seen.Values.Select(v => v.Split('\n')[^1])));
        Assert.Equal(redone, string.Join("|", seen.Values.Select(v => v.Split('\n')[0])));
        Assert.All(seen.Values, v => Assert.Contains(v.Split('\n')[^1], new[] { SkillPrompts.StepCorrect, SkillPrompts.StepWrong }));
    }

    [Fact]
    public void A_curriculum_can_keep_to_low_levels_and_the_solve_skill()
    {
        var data = new TrainingData(TinyArithModel.Tokenizer, 512, seed: 3, maxLevel: 2, solveOnly: true);
        var text = string.Concat(data.Chunk(0, []).SelectMany(w => w).Select(t => TinyArithModel.Vocabulary.Tokens[t]));
        var asked = System.Text.RegularExpressions.Regex.Matches(text, @"What▁is▁([0-9+*-]+)\?").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(asked);
        Assert.All(asked, e => Assert.InRange(e.Count(c => c is '+' or '-' or '*'), 1, 2));
        Assert.DoesNotContain("Check▁the▁last▁step.", text);
        Assert.DoesNotContain("Attempt▁1:", text);
    }

    [Fact]
    public void With_mixed_orders_some_solutions_take_a_valid_non_canonical_order_and_all_stay_right()
    {
        var data = new TrainingData(TinyArithModel.Tokenizer, 512, seed: 3, maxLevel: 6, solveOnly: true, mixedOrders: true);
        var text = string.Concat(data.Chunk(0, []).SelectMany(w => w).Select(t => TinyArithModel.Vocabulary.Tokens[t])).Replace('▁', ' ');
        var solved = System.Text.RegularExpressions.Regex.Matches(text, @"What is ([0-9+*-]+)\?.*?assistant\n(.*?#### -?\d+)", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => (Problem: ArithProblem.Create("p", m.Groups[1].Value), Solution: m.Groups[2].Value)).ToList();
        Assert.True(solved.Count > 20, $"{solved.Count} solve examples found");
        Assert.All(solved, s => Assert.All(StepChecker.Check(s.Problem, s.Solution), v => Assert.True(v.IsCorrect, $"{s.Problem.Expression}: {v.Text}")));
        var reordered = solved.Count(s => s.Solution != s.Problem.Solution);
        Assert.InRange(reordered, solved.Count / 8, solved.Count * 3 / 4); // about half are drawn in a random order, some of those canonical again
    }

    [Fact]
    public void Validation_windows_come_from_the_validation_split_only()
    {
        var text = string.Concat(Data.ValidationWindows(4).SelectMany(w => w).Select(t => TinyArithModel.Vocabulary.Tokens[t]));
        var validation = ArithSplits.Validation.Select(p => p.Expression).ToHashSet();
        var asked = System.Text.RegularExpressions.Regex.Matches(text, @"What▁is▁([0-9+*-]+)\?").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(asked);
        Assert.All(asked, e => Assert.Contains(e, validation));
    }
}

public class TrainingPlanTests
{
    [Fact]
    public void The_learning_rate_warms_up_linearly_then_decays_by_cosine_to_its_floor()
    {
        var plan = new TrainingPlan { Steps = 10_000, WarmupSteps = 100, PeakLearningRate = 1e-3, FinalLearningRateFraction = 0.1 };
        Assert.Equal(1e-5, plan.LearningRate(0), 12);
        Assert.Equal(1e-3, plan.LearningRate(99), 12);
        Assert.Equal(0.55e-3, plan.LearningRate(100 + 9_900 / 2), 9);
        Assert.Equal(1e-4, plan.LearningRate(10_000), 12);
        Assert.Equal(1e-4, plan.LearningRate(50_000), 12);
        var decay = Enumerable.Range(100, 9_900).Select(s => plan.LearningRate(s)).ToList();
        Assert.True(decay.Zip(decay.Skip(1)).All(p => p.Second <= p.First));
    }

    [Fact]
    public void Steps_split_into_whole_chunks_of_windows()
    {
        var plan = new TrainingPlan { Steps = 48_000, TokensPerStep = 128 };
        Assert.Equal(4, plan.StepsPerWindow);
        Assert.Equal(375, plan.Chunks);
        Assert.Equal(48_000, plan.StepsAfter(plan.Chunks));
    }
}
