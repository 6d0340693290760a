namespace TtsOrchestrator.Cli;

/// <summary>Examples shown under --help, per command.</summary>
internal static class HelpExamples
{
    private static readonly string[] RunExamples =
    [
        "tts run --strategy majority:n=16 \"Tom has 3 boxes of 12 eggs and breaks 5. How many are left?\"",
        "tts run -s single --model ./my-model.gguf \"What is 17*23?\"",
        "tts run -s majority:n=32 -m ./my-model.gguf --parallel 32 --context 1024 --gpu-layers -1 \"What is 17*23?\"",
        "tts run -s majority:n=8,temperature=0.7 --max-samples 4 --json \"2+2\"",
    ];

    private static readonly string[] StrategiesExamples = ["tts strategies", "tts strategies --json"];

    public static IReadOnlyList<string> For(string command) => command switch
    {
        "run" => RunExamples,
        "strategies" => StrategiesExamples,
        _ => [.. RunExamples.Take(2), StrategiesExamples[0]],
    };
}
