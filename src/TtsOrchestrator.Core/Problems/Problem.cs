using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Core.Problems;

/// <summary>
/// One problem as a strategy sees it: the prompt, how to read answers, and nothing about the gold
/// answer (only graders in evals know that).
/// </summary>
public sealed record Problem
{
    public required string Id { get; init; }
    /// <summary>The question as a person wrote it (for traces and reports).</summary>
    public required string Question { get; init; }
    /// <summary>What the model is asked; the task's formatting of <see cref="Question"/>.</summary>
    public required Prompt Prompt { get; init; }
    public IAnswerFormat AnswerFormat { get; init; } = FinalAnswerFormat.Instance;
    /// <summary>Difficulty tag when the benchmark has one (e.g. "3" for MATH level 3).</summary>
    public string? Difficulty { get; init; }
    /// <summary>Root seed for this problem's sampling, so runs are reproducible problem by problem.</summary>
    public ulong Seed { get; init; }

    /// <summary>A free-form question with the general answer format.</summary>
    public static Problem FromQuestion(string question, string? systemPrompt = null, string id = "q") => new()
    {
        Id = id,
        Question = question,
        Prompt = Prompt.FromQuestion(question, systemPrompt),
    };
}
