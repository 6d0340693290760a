namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// One line of <c>samples.jsonl</c> (<c>tts sample</c>): K raw samples of one problem, drawn in one request of n=K
/// (one shared prefill; the engine batches them). The input of offline curves (coverage, pass@k, maj@k): a later
/// <c>tts curve</c> needs only <c>samples[].answer</c>, <c>samples[].correct</c> and <c>difficulty</c>.
/// Example (one line in the file, shortened):
/// <code>
/// {"id":"arith/2/0","index":1,"seed":7960286522194355700,"gold":"15","difficulty":"2","k":4,"correct":3,"prompt_tokens":14,
///  "generated_tokens":80,"latency_seconds":0.35,"samples":[{"answer":"15","correct":true,"tokens":21,
///  "finish_reason":"end_of_text","text":"4*2=8\n8+7=15\n#### 15"}, …],"session":1,"session_seconds":0.41}
/// </code>
/// </summary>
/// <param name="Index">Position of the problem in the benchmark as loaded (with --limit: in the limited list).</param>
/// <param name="Seed">
/// The problem's seed, <c>Seeds.Derive(root seed, Index)</c> as in eval and bench; the request samples with
/// <c>Seeds.Derive(Seed, 0)</c>, the seed of <c>majority:n=K</c>'s one call, so both draw the same samples.
/// </param>
/// <param name="Gold">The gold answer (code tasks: the reference solution; the hidden tests decide).</param>
/// <param name="Correct">How many of the K samples are correct.</param>
/// <param name="PromptTokens">Prompt tokens the engine evaluated for the request (the K samples share one prefill).</param>
/// <param name="LatencySeconds">The request's latency.</param>
public sealed record SampleLine(
    string Id,
    int Index,
    ulong Seed,
    string Gold,
    string? Difficulty,
    int K,
    int Correct,
    long PromptTokens,
    long GeneratedTokens,
    double LatencySeconds,
    IReadOnlyList<SampleRecord> Samples,
    int Session,
    double SessionSeconds) : IResultLine
{
    double IResultLine.Score => Samples.Count > 0 ? (double)Correct / Samples.Count : 0;
}
