using System.Text.Json;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Evals.MathTasks;

/// <summary>What the competition-math loaders share: the instruction, and typed fields with clear errors.</summary>
internal static class MathDataset
{
    /// <summary>Every math benchmark asks for the answer in a box, so one extraction serves them all.</summary>
    public const string Instruction = "Solve the problem step by step, then write the final answer as \\boxed{ANSWER}.";

    public static Prompt PromptFor(string problem) => Prompt.FromQuestion($"{problem}\n\n{Instruction}");

    /// <summary>A boxed-answer math item: the problem asked with <see cref="Instruction"/>, judged by <paramref name="format"/>.</summary>
    public static BenchmarkItem Item(string id, string problem, string gold, Core.Problems.IAnswerFormat format, string? difficulty = null) =>
        new(new Core.Problems.Problem { Id = id, Question = problem, Prompt = PromptFor(problem), AnswerFormat = format, Difficulty = difficulty }, gold);

    /// <summary>A non-empty string field; a user error naming file, line and field otherwise.</summary>
    public static string RequireText(JsonElement record, string name, string path, int line)
    {
        var text = record.RequireString(name, path, line);
        return string.IsNullOrWhiteSpace(text) ? throw new UserInputException($"{path}:{line}: field '{name}' is empty") : text;
    }

    /// <summary>A numeric field (int or float); a user error naming file, line and field otherwise.</summary>
    public static double RequireNumber(JsonElement record, string name, string path, int line) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : throw new UserInputException($"{path}:{line}: missing number field '{name}'");

    /// <summary>An integer field; a user error naming file, line and field otherwise.</summary>
    public static long RequireInteger(JsonElement record, string name, string path, int line) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)
            ? n
            : throw new UserInputException($"{path}:{line}: missing integer field '{name}'");
}
