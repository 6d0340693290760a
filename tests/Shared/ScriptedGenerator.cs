using System.Collections.Concurrent;
using TtsOrchestrator.Core.Generation;

namespace TtsOrchestrator.Tests.Shared;

/// <summary>
/// A test double that answers each sample with text chosen by a script and records every request,
/// so tests can check what a strategy asked for (how many calls, how many samples per call).
/// </summary>
public sealed class ScriptedGenerator(Func<GenerationRequest, int, string> script, int tokensPerSample = 10) : IGenerator
{
    private readonly ConcurrentQueue<GenerationRequest> _requests = new();

    /// <summary>Answers sample i of every call with texts[i % texts.Length].</summary>
    public static ScriptedGenerator Cycling(params string[] texts) => new((_, i) => texts[i % texts.Length]);

    public GeneratorInfo Info { get; } = new("scripted", ParameterCount: 1_000_000);

    public IReadOnlyList<GenerationRequest> Requests => [.. _requests];

    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _requests.Enqueue(request);
        var completions = Enumerable.Range(0, request.N).Select(i => new Completion
        {
            Index = i,
            Text = script(request, i),
            FinishReason = FinishReason.EndOfText,
            PromptTokens = 7,
            GeneratedTokens = Math.Min(tokensPerSample, request.MaxTokens),
            MeanLogProb = -0.5,
        }).ToList();
        return Task.FromResult(new GenerationResult { Completions = completions, PromptTokensEvaluated = 7 });
    }
}

/// <summary>A generator whose calls never finish until cancelled (for wall-time budgets and cancellation).</summary>
public sealed class HangingGenerator : IGenerator
{
    public GeneratorInfo Info { get; } = new("hanging");

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
