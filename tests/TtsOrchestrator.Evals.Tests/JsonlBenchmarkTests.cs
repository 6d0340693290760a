using TtsOrchestrator.Core;

namespace TtsOrchestrator.Evals.Tests;

public sealed class JsonlBenchmarkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tts-jsonl-").FullName;

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_dir, "set.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Mapped_fields_give_question_gold_and_id_and_answers_are_judged_as_math()
    {
        var path = Write("""{"problem": "What is 1/2 + 1/4?", "solution": "It is \\boxed{\\frac34}.", "uid": "a1"}""",
                         """{"problem": "How many legs do 3 cats have?", "solution": 12, "uid": 7}""");
        var items = Benchmarks.Load(path, dataDir: null, limit: null, fields: "question=problem,answer=solution,id=uid");
        Assert.Equal(["set/a1", "set/7"], items.Select(i => i.Problem.Id));
        Assert.Equal(["\\frac34", "12"], items.Select(i => i.Gold));
        Assert.Contains("\\boxed", items[0].Problem.Prompt.Messages[^1].Content);
        Assert.True(items[0].IsCorrect("0.75"));
        Assert.True(items[1].IsCorrect("12.0"));
    }

    [Fact]
    public void Without_a_mapping_the_fields_are_question_and_answer_and_ids_are_line_numbers()
    {
        var items = Benchmarks.Load(Write("""{"question": "2+2?", "answer": "4"}"""), null, null);
        Assert.Equal(("set/1", "4"), (items[0].Problem.Id, items[0].Gold));
    }

    [Theory]
    [InlineData("question=problem,answr=solution", "--field 'question=problem,answr=solution': 'answr=solution' is not one of")]
    [InlineData("question", "is not one of")]
    public void A_bad_mapping_is_one_clear_line(string fields, string message)
    {
        var e = Assert.Throws<UserInputException>(() => Benchmarks.Load(Write("""{"question": "q", "answer": "1"}"""), null, null, fields));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_missing_field_names_the_file_and_line()
    {
        var path = Write("""{"question": "q", "answer": "1"}""", """{"question": "q2"}""");
        var e = Assert.Throws<UserInputException>(() => Benchmarks.Load(path, null, null));
        Assert.Contains($"{path}:2", e.Message);
        Assert.Contains("answer", e.Message);
    }

    [Fact]
    public void A_mapped_field_the_first_record_lacks_lists_the_fields_it_has()
    {
        var path = Write("""{"problem": "q", "solution": "1"}""");
        var e = Assert.Throws<UserInputException>(() => Benchmarks.Load(path, null, null, "question=question,answer=solution"));
        Assert.Equal($"--field question=question: {path}:1 has no field 'question' (its fields: problem, solution); name the right ones with --field question=...,answer=...[,id=...]", e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void A_mapping_for_a_built_in_benchmark_is_refused() =>
        Assert.Contains("--field applies to a JSONL file", Assert.Throws<UserInputException>(() => Benchmarks.Load("arith", null, 3, "question=q")).Message);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
