using TtsOrchestrator.LlamaCpp.Engine;

namespace TtsOrchestrator.LlamaCpp.Tests.Engine;

[Collection(TinyModelCollection.Name)]
public class LoadErrorTests(TinyModelFixture tiny)
{
    [Fact]
    public void A_missing_file_names_the_path()
    {
        var e = Assert.Throws<LlamaException>(() => LlamaModel.Load("/nope/model.gguf"));
        Assert.Equal("model file '/nope/model.gguf' does not exist; pass the path of a GGUF model file", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_gguf_is_named_as_such()
    {
        var path = Path.Combine(tiny.Directory, "notes.txt");
        File.WriteAllText(path, "this is not a model");
        var e = Assert.Throws<LlamaException>(() => LlamaModel.Load(path));
        Assert.Contains("is not a GGUF file", e.Message);
    }

    [Fact]
    public void A_truncated_gguf_fails_cleanly_with_llama_cpps_reason()
    {
        var path = Path.Combine(tiny.Directory, "truncated.gguf");
        var bytes = File.ReadAllBytes(tiny.ModelPath);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<LlamaException>(() => LlamaModel.Load(path));
        Assert.StartsWith($"llama.cpp could not load model '{path}'", e.Message);
    }

    [Fact]
    public void Invalid_engine_options_are_reported_together()
    {
        var e = Assert.Throws<LlamaException>(() => LlamaGenerator.Start(tiny.Options() with { ContextPerSequence = 10, Threads = 0 }));
        Assert.Equal("invalid engine options: context per sequence 10 is below 64; threads 0 is below 1", e.Message);
    }

    [Theory]
    [InlineData("Hello world 123")]
    [InlineData("naïve café: 2 × 3 = 6 €")]
    [InlineData("<|im_start|>user\nhi<|im_end|>")]
    public void Tokenize_then_detokenize_gives_the_text_back(string text)
    {
        var model = tiny.Engine.Model;
        var tokens = model.Tokenize(text, addBos: false);
        Assert.NotEmpty(tokens);
        var special = text.StartsWith("<|", StringComparison.Ordinal);
        // Special tokens render as nothing in generated text; plain text round-trips exactly.
        Assert.Equal(special ? "user\nhi" : text, model.Detokenize(tokens));
    }
}
