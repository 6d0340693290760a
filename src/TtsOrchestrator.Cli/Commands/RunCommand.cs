using System.CommandLine;
using System.Text.Json;
using TtsOrchestrator.Cli.Engines;
using TtsOrchestrator.Cli.Output;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;
using TtsOrchestrator.Evals.Arith;

namespace TtsOrchestrator.Cli.Commands;

/// <summary>`tts run`: solve one question with one strategy and print the answer and its cost.</summary>
internal static class RunCommand
{
    public static Command Create(StrategyRegistry registry, IGeneratorResolver engines)
    {
        var strategy = CommonOptions.Strategy();
        var engine = new EngineOptions();
        var system = new Option<string>("--system") { Description = "System prompt placed before the question" };
        var seed = new Option<ulong>("--seed") { Description = "Root seed; the same seed gives the same samples", DefaultValueFactory = _ => 0 };
        var maxSamples = new Option<int?>("--max-samples") { Description = "Budget: most samples the strategy may draw" };
        var maxTokens = new Option<long?>("--max-tokens") { Description = "Budget: most generated tokens, all samples together" };
        var timeout = new Option<double?>("--timeout") { Description = "Budget: most wall-clock seconds; the run keeps what it has by then" };
        var question = new Argument<string>("question") { Description = "The question to answer" };

        var command = new Command("run", "Answer one question with a strategy and print the answer, the votes and the cost.")
        {
            strategy, system, seed, maxSamples, maxTokens, timeout, question,
        };
        foreach (var option in engine.All) command.Options.Add(option);
        command.SetAction(async (parsed, ct) =>
        {
            // Validate every input before loading a model: a typo should cost milliseconds.
            var solver = registry.Create(parsed.GetValue(strategy)!);
            var checks = new OptionChecks();
            var budget = new Budget(
                checks.Positive(parsed.GetValue(maxSamples), "--max-samples"),
                checks.Positive(parsed.GetValue(maxTokens), "--max-tokens"),
                checks.Seconds(parsed.GetValue(timeout), "--timeout"));
            var selection = engine.Bind(parsed, checks);
            var text = parsed.GetValue(question)!;
            checks.Require(!string.IsNullOrWhiteSpace(text), "the question is empty; pass the question as the last argument");
            checks.ThrowIfAny();
            // A bare expression ("17+25*3-4") is asked in the arith task's words, which the embedded model was trained on.
            var problem = Problem.FromQuestion(ArithTask.AsQuestion(text), parsed.GetValue(system)) with { Seed = parsed.GetValue(seed) };

            return await engines.UseAsync(selection, async generator =>
            {
                var result = await solver.SolveAsync(problem, generator, budget, ct);
                var output = parsed.InvocationConfiguration.Output;
                if (parsed.GetValue(CommonOptions.Json))
                    await output.WriteLineAsync(JsonSerializer.Serialize(new RunReport(generator.Info.Model, problem.Question, result), TtsJson.Options));
                else
                    ResultPrinter.Print(ResultPrinter.ConsoleFor(output), generator.Info, result, parsed.GetValue(CommonOptions.Verbose));
                return ExitCodes.Success;
            }, ct);
        });
        return command;
    }

    /// <summary>The --json shape of a run.</summary>
    private sealed record RunReport(string Model, string Question, StrategyResult Result);
}
