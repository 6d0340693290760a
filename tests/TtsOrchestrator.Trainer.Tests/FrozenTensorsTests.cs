using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>
/// Pins a limit of the pinned llama.cpp's training that shapes the embedded model: the training graph reads K and
/// V back from the KV cache (so the K and V projections get no gradient) and the token embeddings are never marked
/// trainable. The model therefore avoids grouped-query attention (see <see cref="TrainingPlan.ModelSpec"/>). If an
/// upgrade makes this test fail, those tensors train and GQA is back on the table.
/// </summary>
[Collection(TrainedTinyModelCollection.Name)]
public sealed class FrozenTensorsTests(TrainedTinyModelFixture model)
{
    [Theory]
    [InlineData("token_embd.weight", false)]
    [InlineData("blk.0.attn_k.weight", false)]
    [InlineData("blk.1.attn_v.weight", false)]
    [InlineData("blk.0.attn_q.weight", true)]
    [InlineData("blk.1.attn_output.weight", true)]
    [InlineData("blk.0.ffn_down.weight", true)]
    [InlineData("output.weight", true)]
    public void Training_moves_only_the_tensors_llama_cpp_gives_gradients(string tensor, bool trained)
    {
        var start = model.NewPath("untrained-copy.gguf");
        TinyArithModel.Write(start, seed: 7); // the fixture's starting point, rewritten from its seed
        using var before = GgufReader.Open(start);
        using var after = GgufReader.Open(model.CheckpointPath);
        var change = before.ReadTensor(tensor).Zip(after.ReadTensor(tensor)).Max(p => Math.Abs(p.First - p.Second));
        // Untrained tensors still move a hair: weight decay is 0 here, but F32 round trips are exact, so "frozen" is 0.
        if (trained) Assert.True(change > 1e-3, $"{tensor} moved only {change}");
        else Assert.Equal(0, change);
    }
}
