using TtsOrchestrator.Core;
using TtsOrchestrator.Tests.Shared;

namespace TtsOrchestrator.Evals.Tests;

public class Gsm8kBenchmarkTests
{
    [Fact]
    public void Loads_all_test_problems_with_numeric_gold_answers()
    {
        var items = Gsm8kBenchmark.Load(SharedData.DatasetsDirectory);
        Assert.Equal(1319, items.Count);
        Assert.Equal("18", items[0].Gold); // Janet's ducks
        Assert.All(items, i => Assert.True(Core.Problems.NumericAnswer.TryParse(i.Gold, out _), i.Gold));
        Assert.Equal(1319, items.Select(i => i.Problem.Id).Distinct().Count());
        Assert.Contains("####", items[0].Problem.Prompt.Messages[0].Content);
    }

    [Fact]
    public void Grading_uses_the_problems_equivalence()
    {
        var item = Gsm8kBenchmark.Load(SharedData.DatasetsDirectory, limit: 1)[0];
        Assert.True(item.IsCorrect("18.0"));
        Assert.True(item.IsCorrect("$18"));
        Assert.False(item.IsCorrect("17"));
        Assert.False(item.IsCorrect(null));
    }

    [Fact]
    public void A_missing_data_directory_names_the_file_and_the_fix()
    {
        var e = Assert.Throws<UserInputException>(() => Gsm8kBenchmark.Load("/nonexistent/dir"));
        Assert.Equal("benchmark file '/nonexistent/dir/gsm8k_test.jsonl' does not exist; point --data-dir (or TTS_DATA_DIR) at the folder that holds gsm8k_test.jsonl", e.Message);
    }

    [Fact]
    public void A_broken_line_names_file_and_line()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllLines(Path.Combine(dir, Gsm8kBenchmark.TestFile), ["""{"question":"q","answer":"#### 1"}""", "{not json"]);
        var e = Assert.Throws<UserInputException>(() => Gsm8kBenchmark.Load(dir));
        Assert.StartsWith($"{dir}/gsm8k_test.jsonl:2: not a JSON object", e.Message);
    }
}
