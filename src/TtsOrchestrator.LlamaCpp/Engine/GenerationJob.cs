using System.Diagnostics;
using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>
/// One <see cref="GenerationRequest"/> inside the scheduler: its prompt tokens, its samples (admitted
/// in waves when fewer sequences are free than it asks for) and the task its caller awaits.
/// </summary>
internal sealed class GenerationJob(GenerationRequest request, int[] promptTokens, CancellationToken cancellationToken)
{
    private readonly List<SampleSequence> _finished = [];

    public GenerationRequest Request { get; } = request;
    public int[] PromptTokens { get; } = promptTokens;
    /// <summary>The request's max_tokens, cut to what the context leaves after the prompt.</summary>
    public int MaxTokens { get; set; } = request.MaxTokens;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public long StartedAt { get; } = Stopwatch.GetTimestamp();
    public TaskCompletionSource<GenerationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Samples not yet given a sequence.</summary>
    public int Unadmitted { get; set; } = request.N;
    public int NextSampleIndex => Request.N - Unadmitted;
    /// <summary>Prompt tokens decoded for this job (shared prefill counts once, reused KV prefixes not at all).</summary>
    public int PromptTokensEvaluated { get; set; }
    public bool IsDone => Completion.Task.IsCompleted;

    /// <summary>Records a finished sample; completes the job when it was the last.</summary>
    public void Finished(SampleSequence sample)
    {
        _finished.Add(sample);
        if (_finished.Count < Request.N) return;
        Completion.TrySetResult(new GenerationResult
        {
            Completions = _finished.OrderBy(s => s.Index).Select(s => s.ToCompletion()).ToList(),
            PromptTokensEvaluated = PromptTokensEvaluated,
            Latency = Stopwatch.GetElapsedTime(StartedAt),
        });
    }
}
