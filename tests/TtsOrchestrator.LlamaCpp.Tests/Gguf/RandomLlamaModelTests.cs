using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.LlamaCpp.Tests.Gguf;

public class RandomLlamaModelTests : TempDirectoryTest
{
    private static readonly LlamaModelSpec Spec = LlamaModelSpec.Tiny;

    private string Write(string name, int seed, GgmlType type = GgmlType.F16)
    {
        var path = PathOf(name);
        RandomLlamaModel.Write(path, Spec, seed, type);
        return path;
    }

    [Fact]
    public void Writes_the_llama_tensors_with_ggml_shapes()
    {
        using var reader = GgufReader.Open(Write("m.gguf", seed: 1));

        long d = Spec.EmbeddingDim, kv = Spec.KvEmbeddingDim, ff = Spec.FeedForwardDim, v = Spec.VocabSize;
        var expected = new List<(string, long[])> { ("token_embd.weight", [d, v]) };
        for (var i = 0; i < Spec.Layers; i++)
        {
            expected.AddRange([
                ($"blk.{i}.attn_norm.weight", [d]), ($"blk.{i}.attn_q.weight", [d, d]), ($"blk.{i}.attn_k.weight", [d, kv]),
                ($"blk.{i}.attn_v.weight", [d, kv]), ($"blk.{i}.attn_output.weight", [d, d]), ($"blk.{i}.ffn_norm.weight", [d]),
                ($"blk.{i}.ffn_gate.weight", [d, ff]), ($"blk.{i}.ffn_up.weight", [d, ff]), ($"blk.{i}.ffn_down.weight", [ff, d]),
            ]);
        }
        expected.AddRange([("output_norm.weight", [d]), ("output.weight", [d, v])]);

        Assert.Equal(expected.Select(e => $"{e.Item1} [{string.Join(",", e.Item2)}]"),
            reader.Tensors.Select(t => $"{t.Name} [{string.Join(",", t.Shape)}]"));
        Assert.All(reader.Tensors, t => Assert.Equal(t.Shape.Count == 1 ? GgmlType.F32 : GgmlType.F16, t.Type));
        Assert.Equal(Spec.ParameterCount, reader.Tensors.Sum(t => t.ElementCount));
    }

    [Theory]
    [InlineData(GgmlType.F32, 0u)]
    [InlineData(GgmlType.F16, 1u)]
    public void Writes_the_llama_metadata(GgmlType type, uint fileType)
    {
        using var reader = GgufReader.Open(Write("m.gguf", seed: 1, type));

        Assert.Equal("llama", reader.Get<string>("general.architecture"));
        Assert.StartsWith("random-llama", reader.Get<string>("general.name"));
        Assert.Equal(fileType, reader.Get<uint>("general.file_type"));
        Assert.Equal((uint)Spec.ContextLength, reader.Get<uint>("llama.context_length"));
        Assert.Equal((uint)Spec.EmbeddingDim, reader.Get<uint>("llama.embedding_length"));
        Assert.Equal((uint)Spec.Layers, reader.Get<uint>("llama.block_count"));
        Assert.Equal((uint)Spec.FeedForwardDim, reader.Get<uint>("llama.feed_forward_length"));
        Assert.Equal((uint)Spec.Heads, reader.Get<uint>("llama.attention.head_count"));
        Assert.Equal((uint)Spec.KvHeads, reader.Get<uint>("llama.attention.head_count_kv"));
        Assert.Equal((uint)Spec.HeadDim, reader.Get<uint>("llama.rope.dimension_count"));
        Assert.Equal(Spec.RopeFreqBase, reader.Get<float>("llama.rope.freq_base"));
        Assert.Equal(Spec.RmsEpsilon, reader.Get<float>("llama.attention.layer_norm_rms_epsilon"));

        Assert.Equal("llama", reader.Get<string>("tokenizer.ggml.model"));
        var tokens = reader.Get<string[]>("tokenizer.ggml.tokens");
        Assert.Equal(Spec.VocabSize, tokens.Length);
        Assert.Equal(tokens.Length, reader.Get<float[]>("tokenizer.ggml.scores").Length);
        Assert.Equal(tokens.Length, reader.Get<int[]>("tokenizer.ggml.token_type").Length);
        Assert.Equal(1u, reader.Get<uint>("tokenizer.ggml.bos_token_id"));
        Assert.Equal(4u, reader.Get<uint>("tokenizer.ggml.eos_token_id"));
        Assert.Equal(4u, reader.Get<uint>("tokenizer.ggml.eot_token_id"));
        Assert.Equal(0u, reader.Get<uint>("tokenizer.ggml.unknown_token_id"));
        Assert.True(reader.Get<bool>("tokenizer.ggml.add_bos_token"));
        Assert.False(reader.Get<bool>("tokenizer.ggml.add_space_prefix"));
        Assert.Contains("<|im_start|>", reader.Get<string>("tokenizer.chat_template"));
    }

    [Fact]
    public void Weights_are_seeded_normals_scaled_by_fan_in_and_norms_are_ones()
    {
        using var reader = GgufReader.Open(Write("m.gguf", seed: 3, GgmlType.F32));

        Assert.All(reader.ReadTensor("blk.0.attn_norm.weight"), w => Assert.Equal(1f, w));
        foreach (var (name, fanIn) in new[] { ("blk.1.attn_q.weight", Spec.EmbeddingDim), ("blk.0.ffn_down.weight", Spec.FeedForwardDim) })
        {
            var w = reader.ReadTensor(name);
            var mean = w.Average();
            var std = Math.Sqrt(w.Average(x => (x - mean) * (x - mean)));
            Assert.InRange(mean, -0.01, 0.01);
            Assert.InRange(std * Math.Sqrt(fanIn), 0.95, 1.05);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_other_weights()
    {
        var a = Write("a.gguf", seed: 7);
        var b = Write("b.gguf", seed: 7);
        var c = Write("c.gguf", seed: 8);

        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        using var readerA = GgufReader.Open(a);
        using var readerC = GgufReader.Open(c);
        Assert.Equal(readerA.Tensors.Select(t => t.Offset), readerC.Tensors.Select(t => t.Offset));
        Assert.NotEqual(readerA.ReadTensor("token_embd.weight"), readerC.ReadTensor("token_embd.weight"));
        Assert.NotEqual(readerA.ReadTensor("output.weight"), readerC.ReadTensor("output.weight"));
    }

    [Fact]
    public void Presets_have_the_intended_sizes()
    {
        Assert.Equal(524_928, LlamaModelSpec.Tiny.ParameterCount);
        Assert.Equal(102_255_360, LlamaModelSpec.Medium100M.ParameterCount);
        LlamaModelSpec.Tiny.Validate();
        LlamaModelSpec.Medium100M.Validate();
    }

    [Fact]
    public void An_inconsistent_spec_is_rejected_with_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => (Spec with { Heads = 3, KvHeads = 2, RmsEpsilon = 0 }).Validate());
        Assert.Contains("multiple of heads 3", error.Message);
        Assert.Contains("multiple of kv heads 2", error.Message);
        Assert.Contains("rms epsilon", error.Message);
    }
}
