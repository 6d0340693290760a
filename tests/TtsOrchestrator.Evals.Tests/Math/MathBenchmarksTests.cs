using TtsOrchestrator.Core;
using TtsOrchestrator.Evals.MathTasks;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Evals.Tests.MathTasks;

public class MathBenchmarksTests
{
    private static string Data => SharedData.DatasetsDirectory;

    [Fact]
    public void Math500_loads_500_problems_with_levels_and_boxed_prompts()
    {
        var items = Math500Benchmark.Load(Data);
        Assert.Equal(500, items.Count);
        Assert.Equal(500, items.Select(i => i.Problem.Id).Distinct().Count());
        Assert.Equal("math500/test/precalculus/807.json", items[0].Problem.Id);
        Assert.Equal(@"\left( 3, \frac{\pi}{2} \right)", items[0].Gold);
        Assert.All(items, i => Assert.Same(MathAnswerFormat.Instance, i.Problem.AnswerFormat));
        Assert.All(items, i => Assert.Contains(@"\boxed{", i.Problem.Prompt.Messages[^1].Content));
        // Level counts from the dataset's README.
        var levels = items.GroupBy(i => i.Problem.Difficulty).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["1"] = 43, ["2"] = 90, ["3"] = 105, ["4"] = 128, ["5"] = 134 }, levels);
        Assert.True(items[0].IsCorrect(@"(3, \dfrac{\pi}{2})"));
        Assert.False(items[0].IsCorrect(@"(\frac{\pi}{2}, 3)"));
    }

    /// <summary>
    /// Every gold answer must equal the last box of its own worked solution. In this file all 500 boxes
    /// are the gold text verbatim, so anything below 500 would be an extraction or normalisation bug.
    /// </summary>
    [Fact]
    public void Math500_golds_equal_the_last_box_of_their_own_solutions()
    {
        var mismatches = new List<string>();
        var records = 0;
        foreach (var (_, record) in JsonlReader.Read(Path.Combine(Data, Math500Benchmark.TestFile)))
        {
            records++;
            var gold = record.GetProperty("answer").GetString()!;
            var boxed = MathAnswerFormat.Instance.ExtractAnswer(record.GetProperty("solution").GetString()!);
            if (boxed is null || !MathAnswerFormat.Instance.AreEquivalent(boxed, gold)) mismatches.Add($"{gold} <> {boxed}");
        }
        Assert.Equal(500, records);
        Assert.Empty(mismatches);
    }

    /// <summary>
    /// The other direction, on real answers: two MATH-500 golds written differently are different answers,
    /// except the few that really are the same value (listed). Guards against a lax equivalence.
    /// </summary>
    [Fact]
    public void Distinct_math500_golds_are_not_equivalent()
    {
        var golds = Math500Benchmark.Load(Data).Select(i => i.Gold).Distinct().ToList();
        var equal = new List<string>();
        for (var i = 0; i < golds.Count; i++)
            for (var j = i + 1; j < golds.Count; j++)
                if (MathAnswerFormat.Instance.AreEquivalent(golds[i], golds[j]))
                    equal.Add($"{golds[i]} = {golds[j]}");
        Assert.Equal(ExpectedEqualGolds.Order(StringComparer.Ordinal), equal.Order(StringComparer.Ordinal));
    }

    // Golds of different problems that are the same answer once notation and units are dropped
    // (a list in another order, a thousands separator, degrees, cm², dollars, "x=", shorthand).
    private static readonly string[] ExpectedEqualGolds =
    [
        "1,-2 = -2,1",
        @"10,\!080 = 10080",
        @"120^\circ = 120",
        @"15 = 15\mbox{ cm}^2",
        @"2 \sqrt{5} = 2\sqrt{5}",
        @"30^\circ = 30",
        @"36 = 36^\circ",
        @"36 = \$36",
        @"36^\circ = \$36",
        "5 = x=5",
        @"90^\circ = 90",
        @"\frac{1}{4} = \frac14",
    ];

    [Fact]
    public void Aime24_loads_30_problems_graded_as_integers()
    {
        var items = Aime24Benchmark.Load(Data);
        Assert.Equal(30, items.Count);
        Assert.Equal(30, items.Select(i => i.Problem.Id).Distinct().Count());
        Assert.All(items, i => Assert.True(AimeAnswerFormat.TryParse(i.Gold, out _), i.Gold));
        var item = items.Single(i => i.Gold == "025");
        Assert.True(item.IsCorrect("25"));
        Assert.True(item.IsCorrect(@"\boxed{25}"));
        Assert.False(item.IsCorrect("52"));
        Assert.Contains(@"\boxed{", item.Problem.Prompt.Messages[^1].Content);
    }

    [Fact]
    public void Amc23_loads_40_problems_with_float_golds_as_numbers()
    {
        var items = Amc23Benchmark.Load(Data);
        Assert.Equal(40, items.Count);
        Assert.Equal(40, items.Select(i => i.Problem.Id).Distinct().Count());
        Assert.Equal("27", items[0].Gold);
        Assert.Contains(items, i => i.Gold == "-1");
        foreach (var answer in new[] { "27", "27.0", @"\boxed{27}", @"\frac{27}{1}", "27 miles" })
            Assert.True(items[0].IsCorrect(answer), answer);
        Assert.False(items[0].IsCorrect("28"));
        Assert.False(items[0].IsCorrect("2.7"));
    }

    [Theory]
    [InlineData(27.0, "27")]
    [InlineData(-1.0, "-1")]
    [InlineData(2.5, "2.5")]
    public void Amc_gold_floats_become_plain_numbers(double answer, string expected) => Assert.Equal(expected, Amc23Benchmark.GoldText(answer));

    [Theory]
    [InlineData("math500", 500)]
    [InlineData("aime24", 30)]
    [InlineData("amc23", 40)]
    public void Benchmarks_load_by_name(string name, int count)
    {
        Assert.Contains(name, Benchmarks.Names);
        Assert.Equal(count, Benchmarks.Load(name, Data, limit: null).Count);
        Assert.Equal(3, Benchmarks.Load(name, Data, limit: 3).Count);
    }

    public static TheoryData<string, string> Files => new()
    {
        { "math500", Math500Benchmark.TestFile },
        { "aime24", Aime24Benchmark.TestFile },
        { "amc23", Amc23Benchmark.TestFile },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_missing_file_names_the_file_and_the_fix(string name, string file)
    {
        var e = Assert.Throws<UserInputException>(() => Benchmarks.Load(name, "/nonexistent/dir", limit: null));
        Assert.Equal($"benchmark file '/nonexistent/dir/{file}' does not exist; point --data-dir (or TTS_DATA_DIR) at the folder that holds {file}", e.Message);
    }

    private static readonly Dictionary<string, string> GoodLine = new()
    {
        ["math500"] = """{"problem": "1+1?", "solution": "\\boxed{2}", "answer": "2", "subject": "Algebra", "level": 1, "unique_id": "test/algebra/1.json"}""",
        ["aime24"] = """{"id": 60, "problem": "p", "solution": "s", "answer": "025", "url": "u", "question": "p"}""",
        ["amc23"] = """{"id": 0, "problem": "p", "answer": 27.0, "url": "u", "question": "p"}""",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_broken_line_names_file_and_line(string name, string file)
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            File.WriteAllLines(Path.Combine(dir, file), [GoodLine[name], "", "{not json"]);
            var e = Assert.Throws<UserInputException>(() => Benchmarks.Load(name, dir, limit: null));
            Assert.StartsWith($"{dir}/{file}:3: not a JSON object", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Theory]
    [InlineData("math500", """{"problem": "p", "level": 1, "unique_id": "x"}""", "missing string field 'answer'")]
    [InlineData("math500", """{"problem": "p", "answer": "2", "level": "Level 1", "unique_id": "x"}""", "missing integer field 'level'")]
    [InlineData("aime24", """{"id": 1, "problem": "p", "answer": "1000"}""", "answer '1000' is not an AIME answer (an integer 0-999)")]
    [InlineData("amc23", """{"id": 1, "problem": "p", "answer": "27"}""", "missing number field 'answer'")]
    public void A_bad_record_names_file_line_and_field(string name, string line, string message)
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var file = Files.Single(row => (string)row[0] == name)[1];
            File.WriteAllLines(Path.Combine(dir, (string)file), [GoodLine[name], line]);
            var e = Assert.Throws<UserInputException>(() => Benchmarks.Load(name, dir, limit: null));
            Assert.Equal($"{dir}/{file}:2: {message}", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
