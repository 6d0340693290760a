using System.CommandLine;

namespace TtsOrchestrator.Cli;

/// <summary>
/// Options shared by several commands, declared once so their names and help stay consistent
/// (the engine options are in <see cref="EngineOptions"/>).
/// </summary>
internal static class CommonOptions
{
    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON instead of text for people",
        Recursive = true,
    };

    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show stack traces and the full trace of a run",
        Recursive = true,
    };

    /// <summary>For a JSONL file given as --benchmark: which fields hold the question, the answer and the id.</summary>
    public static Option<string?> Fields() => new("--field")
    {
        Description = "For a JSONL file as --benchmark: the fields holding question, answer and id, e.g. question=problem,answer=solution,id=uid",
    };

    public static Option<string> Strategy() => new("--strategy", "-s")
    {
        Description = "Strategy spec name[:key=value,...] (see 'tts strategies'); default: majority:n=16, the main job",
        DefaultValueFactory = _ => "majority:n=16",
    };
}
