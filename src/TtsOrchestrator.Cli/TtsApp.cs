using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using TtsOrchestrator.Cli.Commands;
using TtsOrchestrator.Cli.Engines;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Strategies;

namespace TtsOrchestrator.Cli;

/// <summary>
/// The `tts` command line as an object: tests host it in-process with their own writers and engine
/// resolver; <c>Program</c> runs it on the console. Every user error ends as one line on stderr and a
/// non-zero exit code; stack traces only with --verbose.
/// </summary>
public sealed class TtsApp(StrategyRegistry registry, IGeneratorResolver engines)
{
    public static TtsApp CreateDefault() => new(BuiltInStrategies.CreateRegistry(), new DefaultGeneratorResolver());

    public async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var root = BuildRootCommand();
        var parsed = root.Parse(args);
        // Signals are the host's business (Program turns them into cancellationToken); System.CommandLine's own handler
        // would end the process two seconds after Ctrl+C, before a cancelled eval has written its summary.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };

        // A parse error is one line, not a help dump (help and --version handle themselves).
        if (parsed.Action is ParseErrorAction)
        {
            var command = parsed.CommandResult.Command;
            var path = command == root ? "tts" : $"tts {command.Name}";
            await stderr.WriteLineAsync($"tts: {ParseErrorMessage(parsed, root)} (see '{path} --help')");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (UserInputException e)
        {
            await stderr.WriteLineAsync($"tts: {e.Message}");
            if (parsed.GetValue(CommonOptions.Verbose) && e.InnerException is not null) await stderr.WriteLineAsync(e.InnerException.ToString());
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("tts: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"tts: internal error: {e.GetType().Name}: {e.Message}" +
                                        (parsed.GetValue(CommonOptions.Verbose) ? "" : " (run with --verbose for details)"));
            if (parsed.GetValue(CommonOptions.Verbose)) await stderr.WriteLineAsync(e.ToString());
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// The most specific error: a mistyped option first (in <c>--stratgy majority</c> it also strands 'majority', which
    /// says nothing), named with the option it most likely meant; then an unknown word, which says more than the missing
    /// command it caused.
    /// </summary>
    private static string ParseErrorMessage(ParseResult parsed, RootCommand root)
    {
        // An unknown '--word' is parsed as an argument (the question), so it is found among the arguments.
        if (parsed.Tokens.FirstOrDefault(t => t.Type == TokenType.Argument && t.Value.StartsWith("--", StringComparison.Ordinal)) is { } option)
        {
            var typed = option.Value.Split('=', ':')[0];
            var known = parsed.CommandResult.Command.Options.Concat(root.Options).SelectMany(o => o.Aliases.Prepend(o.Name));
            return $"unknown option '{typed}'{NameSuggestions.Hint(typed, known)}";
        }
        return parsed.Errors.OrderBy(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).First().Message;
    }

    private RootCommand BuildRootCommand()
    {
        var root = new RootCommand("tts — spend test-time compute on LLM answers: sampling, voting, verifiers, search, budgets.")
        {
            RunCommand.Create(registry, engines),
            StrategiesCommand.Create(registry),
            BenchCommand.Create(registry, engines),
            EvalCommand.Create(registry, engines),
            SampleCommand.Create(engines),
            CurveCommand.Create(),
        };
        root.Options.Add(CommonOptions.Json);
        root.Options.Add(CommonOptions.Verbose);
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExamplesAction((HelpAction)help.Action!);
        return root;
    }

    /// <summary>The default help, followed by examples for the command asked about.</summary>
    private sealed class HelpWithExamplesAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            var examples = HelpExamples.For(parseResult.CommandResult.Command.Name);
            if (examples.Count > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var e in examples) output.WriteLine($"  {e}");
                output.WriteLine();
            }
            return code;
        }
    }
}

/// <summary>Exit codes of `tts`.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Cancelled = 130;
}
