using System.CommandLine;
using System.Text.Json;
using TtsOrchestrator.Cli.Engines;
using TtsOrchestrator.Cli.Output;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Cli.Commands;

/// <summary>`tts run`: solve one question with one strategy and print the answer and its cost.</summary>
internal static class RunCommand
{
    public static Command Create(StrategyRegistry registry, IGeneratorResolver engines)
    {
        var strategy = CommonOptions.Strategy();
        var model = CommonOptions.Model();
        var endpoint = CommonOptions.Endpoint();
        var system = new Option<string>("--system") { Description = "System prompt placed before the question" };
        var seed = new Option<ulong>("--seed") { Description = "Root seed; the same seed gives the same samples", DefaultValueFactory = _ => 0 };
        var maxSamples = new Option<int?>("--max-samples") { Description = "Budget: most samples the strategy may draw" };
        var maxTokens = new Option<long?>("--max-tokens") { Description = "Budget: most generated tokens, all samples together" };
        var timeout = new Option<double?>("--timeout") { Description = "Budget: most wall-clock seconds; the run keeps what it has by then" };
        var question = new Argument<string>("question") { Description = "The question to answer" };

        var command = new Command("run", "Answer one question with a strategy and print the answer, the votes and the cost.")
        {
            strategy, model, endpoint, system, seed, maxSamples, maxTokens, timeout, question,
        };
        command.SetAction(async (parsed, ct) =>
        {
            // Validate every input before loading a model: a typo should cost milliseconds.
            var solver = registry.Create(parsed.GetValue(strategy)!);
            var budget = new Budget(
                Positive(parsed.GetValue(maxSamples), "--max-samples"),
                Positive(parsed.GetValue(maxTokens), "--max-tokens"),
                parsed.GetValue(timeout) is { } s ? TimeSpan.FromSeconds(Positive(s, "--timeout")) : null);
            var text = parsed.GetValue(question)!;
            if (string.IsNullOrWhiteSpace(text)) throw new UserInputException("the question is empty; pass the question as the last argument", ExitCodes.Usage);
            var problem = Problem.FromQuestion(text, parsed.GetValue(system)) with { Seed = parsed.GetValue(seed) };

            var generator = await engines.ResolveAsync(new EngineSelection(parsed.GetValue(model), parsed.GetValue(endpoint)), ct);
            try
            {
                var result = await solver.SolveAsync(problem, generator, budget, ct);
                var output = parsed.InvocationConfiguration.Output;
                if (parsed.GetValue(CommonOptions.Json))
                    await output.WriteLineAsync(JsonSerializer.Serialize(new RunReport(generator.Info.Model, problem.Question, result), TtsJson.Options));
                else
                    ResultPrinter.Print(ResultPrinter.ConsoleFor(output), generator.Info, result, parsed.GetValue(CommonOptions.Verbose));
                return ExitCodes.Success;
            }
            finally
            {
                switch (generator)
                {
                    case IAsyncDisposable d: await d.DisposeAsync(); break;
                    case IDisposable d: d.Dispose(); break;
                }
            }
        });
        return command;
    }

    private static T? Positive<T>(T? value, string option) where T : struct, IComparable<T> =>
        value is { } v && v.CompareTo(default) <= 0
            ? throw new UserInputException($"{option} {v} must be greater than 0", ExitCodes.Usage)
            : value;

    private static double Positive(double value, string option) =>
        value > 0 && double.IsFinite(value) ? value : throw new UserInputException($"{option} {value} must be a positive number of seconds", ExitCodes.Usage);

    /// <summary>The --json shape of a run.</summary>
    private sealed record RunReport(string Model, string Question, StrategyResult Result);
}
