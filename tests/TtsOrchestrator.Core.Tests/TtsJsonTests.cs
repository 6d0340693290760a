using System.Text.Json;
using TtsOrchestrator.Core.Serialization;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Core.Tests;

public class TtsJsonTests
{
    [Fact]
    public void Uses_snake_case_names_enum_strings_and_seconds()
    {
        var json = JsonSerializer.Serialize(new CostSummary(1, 2, 3, 4, TimeSpan.FromMilliseconds(1500), TimeSpan.Zero, null), TtsJson.Compact);
        Assert.Equal("""{"calls":1,"samples":2,"prompt_tokens":3,"generated_tokens":4,"wall_time":1.5,"generator_time":0,"estimated_flops":null,"verifier_queries":0}""", json);
        Assert.Equal("\"wall_time_budget\"", JsonSerializer.Serialize(StopReason.WallTimeBudget, TtsJson.Compact));
    }
}
