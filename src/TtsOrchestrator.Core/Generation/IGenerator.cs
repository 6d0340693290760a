namespace TtsOrchestrator.Core.Generation;

/// <summary>Facts about the model behind a generator; used for cost estimates and reports.</summary>
/// <param name="Model">Name of the model (file name or served model id).</param>
/// <param name="ParameterCount">Parameters, when known; the cost ledger estimates FLOPs as 2·P per token.</param>
public sealed record GeneratorInfo(string Model, long? ParameterCount = null);

/// <summary>
/// An engine that samples completions. One call samples N continuations of one prompt; engines reuse
/// KV state for shared prefixes on their own, so callers never manage caches. Implementations are
/// thread-safe: strategies issue concurrent calls, which an engine may merge into shared batches.
/// </summary>
public interface IGenerator
{
    GeneratorInfo Info { get; }

    Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default);
}
