using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Evals.Arith;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Cli.Tests;

/// <summary>
/// A scripted stand-in for a model on the arith benchmark: it answers problems of levels 1–3 right and the others
/// wrong, so runner tests know the accuracy in advance. Solutions hold markup to check the report escapes it.
/// </summary>
internal static class ArithScript
{
    public const string Markup = "<b>work</b>";

    public static ScriptedGenerator Create(int problems)
    {
        var solve = Solver(problems);
        return new ScriptedGenerator((request, _) => solve(request));
    }

    /// <summary>The scripted solution to a request: the gold answer for levels 1–3, a wrong one above.</summary>
    public static Func<GenerationRequest, string> Solver(int problems)
    {
        var gold = ArithTask.Load(problems).ToDictionary(i => i.Problem.Question, i => (i.Gold, Level: int.Parse(i.Problem.Difficulty!)));
        return request =>
        {
            var (answer, level) = gold[Question(request)];
            return level <= 3 ? $"{Markup}\n#### {answer}" : $"{Markup}\n#### -999";
        };
    }

    /// <summary>The question a request asks (the last user message).</summary>
    public static string Question(GenerationRequest request) => request.Prompt.Messages.Last(m => m.Role == PromptRole.User).Content;
}
