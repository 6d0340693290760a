namespace TtsOrchestrator.Core.Problems;

/// <summary>How worked solutions are cut into steps: one step per non-empty line, up to the final-answer line (<c>####</c>).</summary>
public static class SolutionSteps
{
    public static IReadOnlyList<string> Split(string solution) => [.. solution
        .Split('\n')
        .Select(line => line.Trim())
        .TakeWhile(line => !line.StartsWith("####", StringComparison.Ordinal))
        .Where(line => line.Length > 0)];
}
