using System.CommandLine;
using TtsOrchestrator.Trainer;

var outOption = new Option<string>("--out") { Description = "Run directory: checkpoint, state, loss log and plot; an existing run there resumes.", DefaultValueFactory = _ => "out/train" };
var stepsOption = new Option<long>("--steps") { Description = "Optimizer steps (one 512-token window each).", DefaultValueFactory = _ => new TrainingPlan().Steps };
var seedOption = new Option<int>("--seed") { Description = "Seed of the initial weights and of the data stream.", DefaultValueFactory = _ => 1 };
var threadsOption = new Option<int>("--threads") { Description = "CPU threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
var checkpointOption = new Option<double>("--checkpoint-minutes") { Description = "Minutes between checkpoints.", DefaultValueFactory = _ => 5 };

var ownProblemsOption = new Option<int>("--own-sample-problems") { Description = "Training problems the model solves itself (4 samples each) per own-sample round.", DefaultValueFactory = _ => new TrainingPlan().SelfSampleProblems };

var train = new Command("train", "Train tts-arith from random weights (or resume the run in --out).") { outOption, stepsOption, seedOption, threadsOption, checkpointOption, ownProblemsOption };
train.SetAction(async (result, ct) =>
{
    var plan = new TrainingPlan { Steps = result.GetValue(stepsOption), Seed = result.GetValue(seedOption), SelfSampleProblems = result.GetValue(ownProblemsOption) };
    var run = new TrainingRun(plan, result.GetValue(outOption)!, result.GetValue(threadsOption), TimeSpan.FromMinutes(result.GetValue(checkpointOption)), Console.Out);
    await run.RunAsync(ct);
    return 0;
});

var root = new RootCommand("tts-train: trains and exports the embedded default model (tts-arith).") { train };
return await root.Parse(args).InvokeAsync();
