using Spectre.Console;
using Spectre.Console.Rendering;
using TtsOrchestrator.Evals.Runs;

namespace TtsOrchestrator.Cli.Output;

/// <summary>A progress column with what a person watching an eval wants: done/total, running score, tokens/s and ETA.</summary>
internal sealed class RunStatsColumn(string scoreName) : ProgressColumn
{
    private RunProgress? _latest;

    /// <summary>The newest progress; the column is redrawn from it on the next refresh.</summary>
    public RunProgress? Latest { get => Volatile.Read(ref _latest); set => Volatile.Write(ref _latest, value); }

    protected override bool NoWrap => true;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        Latest is { } p ? new Markup(RunProgressView.Describe(p, scoreName).EscapeMarkup()) : Text.Empty;
}
