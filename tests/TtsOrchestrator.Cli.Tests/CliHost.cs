using TtsOrchestrator.Cli;
using TtsOrchestrator.Cli.Engines;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Strategies;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>Runs `tts` in-process and captures exit code, stdout and stderr.</summary>
internal static class CliHost
{
    public sealed record Outcome(int ExitCode, string Out, string Err);

    public static async Task<Outcome> Run(IGeneratorResolver engines, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await new TtsApp(BuiltInStrategies.CreateRegistry(), engines).RunAsync(args, stdout, stderr);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    public static Task<Outcome> Run(params string[] args) => Run(new DefaultGeneratorResolver(), args);

    /// <summary>A user error: the exit code, and one line on stderr with no stack trace.</summary>
    public static void AssertOneLineError(Outcome o, int exitCode, string contains)
    {
        Assert.Equal(exitCode, o.ExitCode);
        Assert.Contains(contains, o.Err);
        Assert.Single(o.Err.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("tts: ", o.Err);
        Assert.DoesNotContain("   at ", o.Err);
    }

    /// <summary>Always hands out the given generator (a test double standing in for an engine).</summary>
    public sealed class FixedResolver(IGenerator generator) : IGeneratorResolver
    {
        public EngineSelection? Selection { get; private set; }

        public Task<IGenerator> ResolveAsync(EngineSelection selection, CancellationToken cancellationToken)
        {
            Selection = selection;
            return Task.FromResult(generator);
        }
    }
}
