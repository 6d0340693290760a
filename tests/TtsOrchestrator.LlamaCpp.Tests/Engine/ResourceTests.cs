using System.Diagnostics;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Engine;

namespace TtsOrchestrator.LlamaCpp.Tests.Engine;

/// <summary>
/// Measures the process's resident memory, so it runs alone: other test classes running beside it in the same
/// process would count in the working set (seen once: an 18 MB "growth" in a full parallel run that passes alone).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ResourceCollection : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "resource measurements (run alone)";
}

[Collection(ResourceCollection.Name)]
public class ResourceTests(TinyModelFixture tiny)
{
    [Fact]
    public async Task A_thousand_short_generations_keep_resident_memory_flat()
    {
        using var engine = LlamaGenerator.Start(tiny.Options());
        async Task Generate(int count)
        {
            for (var i = 0; i < count; i++)
                await engine.GenerateAsync(new GenerationRequest
                {
                    Prompt = Prompt.FromQuestion($"question {i % 37}"), N = 2, MaxTokens = 4,
                    Sampling = new SamplingOptions { Seed = (ulong)i }, TokenLogProbs = true,
                });
        }
        long Resident()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var self = Process.GetCurrentProcess();
            return self.WorkingSet64;
        }
        await Generate(100); // warm up: KV buffers, JIT, pools
        var before = Resident();
        await Generate(1000);
        var growth = Resident() - before;
        // A leaked sampler chain or batch per call would add well over 16 MB across 2000 samples.
        Assert.True(growth < 16 << 20, $"resident memory grew by {growth / (1 << 20)} MB over 1000 generations");
    }

    [Fact]
    public async Task Disposing_an_engine_twice_is_harmless_and_later_calls_fail_clearly()
    {
        var engine = LlamaGenerator.Start(tiny.Options());
        engine.Dispose();
        engine.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.GenerateAsync(new GenerationRequest { Prompt = Prompt.Raw("x") }));
    }
}
