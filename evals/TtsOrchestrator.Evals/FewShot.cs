using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Evals;

/// <summary>A worked example shown before the real question: asked exactly like it, answered as the model should answer.</summary>
public sealed record FewShotExample(string Question, string Answer);

/// <summary>
/// Few-shot prompting the chat way: every example becomes an earlier user turn and the assistant's reply to it, so a
/// chat model sees the format it should follow (GSM8K's convention is 8 examples from its train split, MBPP's 3 from
/// its prompt split). System messages stay first.
/// </summary>
public static class FewShot
{
    /// <summary>The benchmarks that have an example source; the others are zero-shot by their convention.</summary>
    public static IReadOnlyList<string> Benchmarks { get; } = ["gsm8k", "mbpp"];

    public static Prompt Prepend(IReadOnlyList<FewShotExample> examples, Prompt prompt)
    {
        if (examples.Count == 0) return prompt;
        var shown = examples.SelectMany(e => new[] { PromptMessage.User(e.Question), PromptMessage.Assistant(e.Answer) });
        var system = prompt.Messages.TakeWhile(m => m.Role == PromptRole.System);
        return prompt with { Messages = [.. system, .. shown, .. prompt.Messages.SkipWhile(m => m.Role == PromptRole.System)] };
    }

    /// <summary>The first <paramref name="shots"/> of <paramref name="available"/>; a user error when there are fewer.</summary>
    public static IReadOnlyList<FewShotExample> Take(IEnumerable<FewShotExample> available, int shots, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shots);
        var examples = available.Take(shots).ToList();
        return examples.Count == shots ? examples
            : throw new UserInputException($"--shots {shots}: {source} has only {examples.Count} examples; ask for at most {examples.Count}", exitCode: 2);
    }

    /// <summary>The error for --shots on a benchmark without an example source.</summary>
    public static UserInputException NotAvailable(string benchmark) =>
        new($"--shots applies to {string.Join(" and ", Benchmarks)} (worked examples from their own example splits); '{benchmark}' is asked zero-shot, so drop --shots", exitCode: 2);
}
