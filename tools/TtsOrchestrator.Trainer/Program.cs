using System.CommandLine;
using TtsOrchestrator.Core;
using TtsOrchestrator.Trainer;

var outOption = new Option<string>("--out") { Description = "Run directory: checkpoint, state, loss log and plot; an existing run there resumes.", DefaultValueFactory = _ => "out/train" };
var stepsOption = new Option<long>("--steps") { Description = "Steps of --tokens-per-step tokens (with the defaults, one 512-token window each; the managed trainer updates once per two).", DefaultValueFactory = _ => new TrainingPlan().Steps };
var seedOption = new Option<int>("--seed") { Description = "Seed of the initial weights and of the data stream.", DefaultValueFactory = _ => 1 };
var threadsOption = new Option<int>("--threads") { Description = "CPU threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
var checkpointOption = new Option<double>("--checkpoint-minutes") { Description = "Minutes between checkpoints.", DefaultValueFactory = _ => 5 };

var learningRateOption = new Option<double>("--learning-rate") { Description = "Peak learning rate (after warm-up; cosine decay to a tenth).", DefaultValueFactory = _ => new TrainingPlan().PeakLearningRate };
var dimOption = new Option<int>("--dim") { Description = "Embedding width of the model.", DefaultValueFactory = _ => TrainingPlan.ModelSpec.EmbeddingDim };
var layersOption = new Option<int>("--layers") { Description = "Transformer blocks.", DefaultValueFactory = _ => TrainingPlan.ModelSpec.Layers };
var contextOption = new Option<int>("--context") { Description = "Context length (a multiple of 256); also the tokens of one optimizer step.", DefaultValueFactory = _ => TrainingPlan.ModelSpec.ContextLength };
var tokensPerStepOption = new Option<int>("--tokens-per-step") { Description = "Tokens per optimizer step (divides --context).", DefaultValueFactory = _ => new TrainingPlan().TokensPerStep };
var warmupOption = new Option<int>("--warmup") { Description = "Warm-up steps.", DefaultValueFactory = _ => new TrainingPlan().WarmupSteps };
var maxLevelOption = new Option<int>("--max-level") { Description = "Highest problem level in the data (1-6).", DefaultValueFactory = _ => 6 };
var initOption = new Option<string?>("--init") { Description = "Start from this F32 GGUF (a previous run's final.gguf) instead of random weights; use a new --seed to see new data." };
var solveOnlyOption = new Option<bool>("--solve-only") { Description = "Train the solve skill only (no verifier or synthesis data)." };
var mixedOrdersOption = new Option<bool>("--mixed-orders") { Description = "Write half of the worked solutions in a random valid order (products in any order, sums where the value allows) instead of the canonical one." };
var engineOption = new Option<string>("--engine") { Description = "llama: llama.cpp's training API; managed: the managed trainer (every tensor trains).", DefaultValueFactory = _ => "managed" };
engineOption.AcceptOnlyFromAmong("llama", "managed");
var ownProblemsOption = new Option<int>("--own-sample-problems") { Description = "Training problems the model solves itself (4 samples each) per own-sample round.", DefaultValueFactory = _ => new TrainingPlan().SelfSampleProblems };

var ownAtOption = new Option<string>("--own-sample-at") { Description = "Fractions of --steps at which the model samples its own solutions, comma-separated (e.g. 0,0.3,0.6 when --init gives a model that can already solve).", DefaultValueFactory = _ => string.Join(",", new TrainingPlan().SelfSampleAt.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture))) };
var train = new Command("train", "Train tts-arith from random weights (or resume the run in --out).") { outOption, stepsOption, seedOption, threadsOption, checkpointOption, ownProblemsOption, learningRateOption, dimOption, layersOption, contextOption, tokensPerStepOption, warmupOption, maxLevelOption, solveOnlyOption, mixedOrdersOption, engineOption, initOption, ownAtOption };
train.SetAction(async (result, ct) =>
{
    try
    {
        var plan = new TrainingPlan { Steps = result.GetValue(stepsOption), Seed = result.GetValue(seedOption), SelfSampleProblems = result.GetValue(ownProblemsOption), PeakLearningRate = result.GetValue(learningRateOption),
            TokensPerStep = result.GetValue(tokensPerStepOption), WarmupSteps = result.GetValue(warmupOption),
            MaxLevel = result.GetValue(maxLevelOption), SolveOnly = result.GetValue(solveOnlyOption), MixedOrders = result.GetValue(mixedOrdersOption), Engine = result.GetValue(engineOption)!, InitialWeights = result.GetValue(initOption),
            SelfSampleAt = ParseFractions(result.GetValue(ownAtOption)!),
            Spec = TrainingPlan.ModelSpec with
            {
                EmbeddingDim = result.GetValue(dimOption), Layers = result.GetValue(layersOption), ContextLength = result.GetValue(contextOption),
                FeedForwardDim = 3 * result.GetValue(dimOption), Heads = result.GetValue(dimOption) / 32, KvHeads = result.GetValue(dimOption) / 32,
            },
        };
        var run = new TrainingRun(plan, result.GetValue(outOption)!, result.GetValue(threadsOption), TimeSpan.FromMinutes(result.GetValue(checkpointOption)), Console.Out);
        await run.RunAsync(ct);
        return 0;
    }
    catch (UserInputException e)
    {
        Console.Error.WriteLine($"tts-train: {e.Message}");
        return e.ExitCode;
    }
});

var exportCheckpointOption = new Option<string>("--checkpoint") { Description = "The F32 checkpoint to export (e.g. out/train/final.gguf).", Required = true };
var exportOutOption = new Option<string>("--out") { Description = "The exported model file.", DefaultValueFactory = _ => "models/tts-arith.gguf" };
var exportTypeOption = new Option<string>("--type") { Description = "Weight type of the export.", DefaultValueFactory = _ => "f16" };
exportTypeOption.AcceptOnlyFromAmong("f16", "q8_0");
var exportThreadsOption = new Option<int>("--threads") { Description = "CPU threads.", DefaultValueFactory = _ => Environment.ProcessorCount };

var export = new Command("export", $"Convert a checkpoint to F16 or Q8_0 GGUF (at most {Export.MaxBytes / 1e6:0} MB) and compare its logits with the checkpoint's.")
{
    exportCheckpointOption, exportOutOption, exportTypeOption, exportThreadsOption,
};
export.SetAction((result, ct) =>
{
    try
    {
        var report = Export.Run(result.GetValue(exportCheckpointOption)!, result.GetValue(exportOutOption)!,
            Export.ParseType(result.GetValue(exportTypeOption)!), result.GetValue(exportThreadsOption));
        Console.WriteLine($"wrote {report.Path}: {Export.TypeName(report.Type)}, {report.Bytes / 1e6:0.00} MB ({report.Bytes:N0} bytes)");
        Console.WriteLine($"vs the checkpoint on a {report.Difference.Positions}-token chat: {report.Difference}");
        return Task.FromResult(0);
    }
    catch (UserInputException e)
    {
        Console.Error.WriteLine($"tts-train: {e.Message}");
        return Task.FromResult(e.ExitCode);
    }
});

var evaluateModelOption = new Option<string>("--model") { Description = "The model to measure.", DefaultValueFactory = _ => "models/tts-arith.gguf" };
var evaluatePerLevelOption = new Option<int>("--per-level") { Description = "Test problems per level (at most 100).", DefaultValueFactory = _ => 100 };
var evaluateSkillOption = new Option<int>("--skill-per-level") { Description = "Problems per level for the verifier and synthesis measures.", DefaultValueFactory = _ => 50 };
var evaluateOutOption = new Option<string?>("--out") { Description = "Write the numbers here as JSON (the model test reads it) and the tables as Markdown beside it." };
var evaluate = new Command("evaluate", "Measure a model for its model card on the held-out arith test split.")
{
    evaluateModelOption, evaluatePerLevelOption, evaluateSkillOption, evaluateOutOption, threadsOption,
};
evaluate.SetAction(async (result, ct) =>
{
    var evaluation = new ModelEvaluation(result.GetValue(evaluateModelOption)!, result.GetValue(threadsOption), Console.Error);
    var numbers = await evaluation.RunAsync(result.GetValue(evaluatePerLevelOption), result.GetValue(evaluateSkillOption), ct);
    Console.WriteLine(numbers.ToMarkdown());
    if (result.GetValue(evaluateOutOption) is { } path)
    {
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(numbers, TtsOrchestrator.Core.Serialization.TtsJson.Options));
        File.WriteAllText(Path.ChangeExtension(path, ".md"), numbers.ToMarkdown());
    }
    return 0;
});

static IReadOnlyList<double> ParseFractions(string text)
{
    var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var fractions = new List<double>();
    foreach (var part in parts)
    {
        if (!double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var f) || f is < 0 or >= 1)
            throw new UserInputException($"--own-sample-at '{text}': '{part}' is not a fraction in [0, 1); give e.g. 0.4,0.7");
        fractions.Add(f);
    }
    return [.. fractions.Order()];
}

var root = new RootCommand("tts-train: trains and exports the embedded default model (tts-arith).") { train, export, evaluate };
return await root.Parse(args).InvokeAsync();
