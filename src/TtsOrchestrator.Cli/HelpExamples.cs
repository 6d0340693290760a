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

    private static readonly string[] EvalExamples =
    [
        "tts eval --benchmark arith --strategy majority:n=16 --limit 100 --out out/eval-arith",
        "tts eval -b gsm8k -s adaptive-sc:max=32 -m ./my-model.gguf --data-dir ../shared/datasets --out out/eval-gsm8k   # run again to resume",
    ];

    private static readonly string[] SampleExamples =
    [
        "tts sample --benchmark arith --k 16 --limit 200 --out out/samples-arith",
        "tts sample -b gsm8k --k 32 --temperature 0.7 --max-tokens 400 -m ./my-model.gguf --data-dir ../shared/datasets --out out/samples-gsm8k",
    ];

    private static readonly string[] CurveExamples =
    [
        "tts curve --samples out/samples-arith --out out/curve-arith",
        "tts curve --samples out/samples-gsm8k --fit-k 4 --extrapolate 4096 --out out/curve-gsm8k   # forecast from 4 samples, checked against all",
        "tts curve --samples out/samples-arith --out out/curve-arith --bootstrap 200 --json",
    ];

    public static IReadOnlyList<string> For(string command) => command switch
    {
        "run" => RunExamples,
        "strategies" => StrategiesExamples,
        "eval" => EvalExamples,
        "sample" => SampleExamples,
        "curve" => CurveExamples,
        _ => [.. RunExamples.Take(2), StrategiesExamples[0]],
    };
}
