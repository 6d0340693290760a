using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// One line of <c>results.jsonl</c> (<c>tts eval</c>): one problem, written once when it finishes and never rewritten.
/// Example (one line in the file, shortened):
/// <code>
/// {"id":"arith/3/0","index":2,"seed":487617019471545679,"question":"What is 5+4-4*3?","gold":"-3","difficulty":"3","answer":"-3",
///  "correct":true,"grade_reason":"equals the gold answer","chosen_candidate":0,"stop_reason":"completed",
///  "candidates":[{"index":0,"answer":"-3","score":null,"tokens":18,"finish_reason":"end_of_text","text":"4*3=12\n5+4=9\n9-12=-3\n#### -3"}],
///  "cost":{"calls":1,"samples":4,"prompt_tokens":14,"generated_tokens":70,"wall_time":0.21,"generator_time":0.2,"estimated_flops":5.9E+08,"verifier_queries":0},
///  "session":1,"session_seconds":0.93}
/// </code>
/// </summary>
/// <param name="Index">Position of the problem in the benchmark as loaded (with --limit: in the limited list).</param>
/// <param name="Seed">The problem's seed, <c>Seeds.Derive(root seed, Index)</c> as in <c>tts bench</c>.</param>
/// <param name="Gold">The gold answer (code tasks: the reference solution; there the hidden tests decide).</param>
/// <param name="Difficulty">The benchmark's difficulty tag, when it has one.</param>
/// <param name="Answer">The strategy's chosen answer; null when it found none.</param>
/// <param name="GradeReason">Why the grader said right or wrong (e.g. a failing assertion of a code task).</param>
/// <param name="Session">Which invocation of the folder wrote the line (see <see cref="IResultLine"/>).</param>
public sealed record EvalResultLine(
    string Id,
    int Index,
    ulong Seed,
    string Question,
    string Gold,
    string? Difficulty,
    string? Answer,
    bool Correct,
    string GradeReason,
    int? ChosenCandidate,
    StopReason StopReason,
    IReadOnlyList<EvalCandidate> Candidates,
    CostSummary Cost,
    int Session,
    double SessionSeconds) : IResultLine
{
    double IResultLine.Score => Correct ? 1 : 0;

    long IResultLine.GeneratedTokens => Cost.GeneratedTokens;
}
