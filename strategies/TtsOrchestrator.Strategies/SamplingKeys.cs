using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Specs;

namespace TtsOrchestrator.Strategies;

/// <summary>The sampling keys every sampling strategy accepts, with one set of names and ranges.</summary>
public static class SamplingKeys
{
    public static IReadOnlyList<SpecKey> With(double defaultTemperature, int defaultMaxTokens = 512) =>
    [
        SpecKey.Number("temperature", defaultTemperature, 0, 2, "sampling temperature (0 = greedy)"),
        SpecKey.Number("top_p", 1.0, 0.01, 1, "nucleus mass kept"),
        SpecKey.Number("min_p", 0.0, 0, 0.99, "drop tokens below this fraction of the top token's probability"),
        SpecKey.Integer("top_k", 0, 0, 100_000, "keep the k most likely tokens (0 = off)"),
        SpecKey.Integer("max_tokens", defaultMaxTokens, 1, 65_536, "token limit per sample"),
    ];

    /// <summary>A request for <paramref name="n"/> samples with the spec's sampling settings.</summary>
    public static GenerationRequest Request(SpecValues spec, Prompt prompt, int n, ulong seed) => new()
    {
        Prompt = prompt,
        N = n,
        MaxTokens = spec.Integer("max_tokens"),
        Sampling = new SamplingOptions
        {
            Temperature = spec.Number("temperature"),
            TopP = spec.Number("top_p"),
            MinP = spec.Number("min_p"),
            TopK = spec.Integer("top_k"),
            Seed = seed,
        },
    };
}
