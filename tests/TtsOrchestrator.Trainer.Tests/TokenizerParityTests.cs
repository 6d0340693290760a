using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Prompts;
using TtsOrchestrator.Evals.Arith;
using TtsOrchestrator.LlamaCpp.Engine;

namespace TtsOrchestrator.Trainer.Tests;

/// <summary>A tiny tts-arith model loaded by llama.cpp: only its vocabulary and chat template matter here.</summary>
public sealed class TokenizerModelFixture : TempDirectory
{
    public TokenizerModelFixture()
    {
        var path = PathOf("tiny.gguf");
        TinyArithModel.Write(path, seed: 1);
        Model = LlamaModel.Load(path, gpuLayers: 0);
    }

    public LlamaModel Model { get; }

    public override void Dispose()
    {
        Model.Dispose();
        base.Dispose();
    }
}

/// <summary>
/// The trainer tokenizes its data itself; the engine renders prompts with llama.cpp's chat template and tokenizes
/// them with llama_tokenize. The model only works if both give the same ids, so llama.cpp is the reference here.
/// </summary>
public sealed class TokenizerParityTests(TokenizerModelFixture fixture) : IClassFixture<TokenizerModelFixture>
{
    private static readonly ArithProblem Problem = ArithProblem.Create("parity", "17+25*3-4");
    private static readonly string Question = ArithTask.Question(Problem);

    private static readonly Dictionary<string, Prompt> Chats = new()
    {
        ["solve"] = SkillPrompts.Solve(Question),
        ["solve example"] = Prompt.Chat([.. SkillExamples.Solve(Problem)]),
        ["verify"] = SkillPrompts.VerifyStep(Question, Problem.Steps.Take(2)),
        ["verify example"] = Prompt.Chat([.. SkillExamples.VerifyExample(Problem, [.. Problem.Steps.Take(1)], Problem.Steps[0], correct: false)]),
        ["synthesize"] = SkillPrompts.Synthesize(Question, [Problem.Solution, "  25*3=76\n17+76=93 \n93-4=89\n#### 89  ", ""]),
        ["multi-turn"] = Prompt.Chat(PromptMessage.User("What is 2+2?"), PromptMessage.Assistant("2+2=4\n#### 4"), PromptMessage.User("And 3*3?")),
        // Outside the vocabulary: é (2 UTF-8 bytes), € (3), an emoji (4), tab, CR; and runs of spaces and newlines.
        ["odd characters"] = Prompt.FromQuestion("Café: what is 3 + 4?\r\n\n\n  two  spaces,\ttab, 100 € 😀 <b> ~_/ ", systemPrompt: "Be brief.\n"),
        ["digits and spaces only"] = Prompt.FromQuestion("   1 2  3   4 \n 5"),
    };

    public static TheoryData<string> ChatNames => [.. Chats.Keys];

    [Theory]
    [MemberData(nameof(ChatNames))]
    public void ArithTokenizer_encodes_a_chat_as_llama_cpp_does(string name)
    {
        var prompt = Chats[name];
        var rendered = PromptRenderer.Render(fixture.Model, prompt);
        Assert.StartsWith("<|im_start|>", rendered); // the ChatML template was recognised, not the plain fallback
        var expected = fixture.Model.Tokenize(rendered, addBos: true);

        var actual = TinyArithModel.Tokenizer.EncodeChat(prompt.Messages, openAssistantTurn: true);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_training_example_is_the_rendered_conversation_up_to_the_last_end_of_turn()
    {
        var messages = SkillExamples.Solve(Problem);
        var rendered = PromptRenderer.Render(fixture.Model, Prompt.Chat([.. messages]));
        var expected = fixture.Model.Tokenize(rendered[..(rendered.LastIndexOf("<|im_end|>", StringComparison.Ordinal) + "<|im_end|>".Length)], addBos: true);

        Assert.Equal(expected, TinyArithModel.Tokenizer.EncodeExample(messages));
    }
}
