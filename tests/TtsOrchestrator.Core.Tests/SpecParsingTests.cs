using TtsOrchestrator.Core.Specs;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Core.Tests;

public class SpecParsingTests
{
    private static readonly StrategyRegistry Registry = new StrategyRegistry()
        .Register(new StrategyDescriptor("majority", "vote",
            [
                SpecKey.Integer("n", 16, 1, 1024, "samples"),
                SpecKey.Number("temperature", 0.8, 0, 2, "temperature"),
                SpecKey.Choice("weight", "none", ["none", "logprob"], "vote weight"),
                SpecKey.Boolean("trace", false, "trace"),
            ], _ => throw new NotSupportedException()))
        .Register(new StrategyDescriptor("single", "one", [], _ => throw new NotSupportedException()));

    [Fact]
    public void Name_alone_gives_every_default()
    {
        var v = Registry.Parse("majority");
        Assert.Equal(16, v.Integer("n"));
        Assert.Equal(0.8, v.Number("temperature"));
        Assert.Equal("none", v.Choice("weight"));
        Assert.False(v.Boolean("trace"));
        Assert.Equal("majority:n=16,temperature=0.8,weight=none,trace=false", v.Canonical);
    }

    [Fact]
    public void Values_are_typed_and_names_case_insensitive()
    {
        var v = Registry.Parse(" Majority:n=4, temperature=1.5 ,weight=LOGPROB,trace=true");
        Assert.Equal(("majority", 4, 1.5, "logprob", true), (v.Name, v.Integer("n"), v.Number("temperature"), v.Choice("weight"), v.Boolean("trace")));
    }

    [Fact]
    public void Strategy_without_keys_has_bare_canonical_name() => Assert.Equal("single", Registry.Parse("single").Canonical);

    [Theory]
    [InlineData("majorty:n=4", "invalid strategy spec 'majorty:n=4': unknown strategy 'majorty' (did you mean 'majority'?); known strategies: majority, single")]
    [InlineData("beam", "invalid strategy spec 'beam': unknown strategy 'beam'; known strategies: majority, single")]
    [InlineData("majority:m=4", "invalid strategy spec 'majority:m=4': unknown key 'm' for 'majority' (did you mean 'n'?); keys: n, temperature, weight, trace")]
    [InlineData("majority:n=0", "invalid strategy spec 'majority:n=0': n=0 is out of range; n is integer 1..1024")]
    [InlineData("majority:n=2000", "invalid strategy spec 'majority:n=2000': n=2000 is out of range; n is integer 1..1024")]
    [InlineData("majority:n=four", "invalid strategy spec 'majority:n=four': n='four' is not an integer; n is integer 1..1024")]
    [InlineData("majority:n=2.5", "invalid strategy spec 'majority:n=2.5': n='2.5' is not an integer; n is integer 1..1024")]
    [InlineData("majority:temperature=hot", "invalid strategy spec 'majority:temperature=hot': temperature='hot' is not a number; temperature is number 0..2")]
    [InlineData("majority:temperature=NaN", "invalid strategy spec 'majority:temperature=NaN': temperature='NaN' is not a number; temperature is number 0..2")]
    [InlineData("majority:weight=logprb", "invalid strategy spec 'majority:weight=logprb': weight='logprb' is not allowed (did you mean 'logprob'?); weight is one of none|logprob")]
    [InlineData("majority:trace=maybe", "invalid strategy spec 'majority:trace=maybe': trace='maybe' is not a boolean; trace is true|false")]
    [InlineData("majority:n=4,n=5", "invalid strategy spec 'majority:n=4,n=5': key 'n' is given twice")]
    [InlineData("majority:n", "invalid strategy spec 'majority:n': 'n' is not key=value")]
    [InlineData("majority:n=4,", "invalid strategy spec 'majority:n=4,': empty key=value pair")]
    [InlineData("single:n=4", "invalid strategy spec 'single:n=4': unknown key 'n' for 'single'; it takes no keys")]
    [InlineData("", "invalid strategy spec '': the spec is empty; write name[:key=value,...] with a name from: majority, single")]
    public void Bad_specs_give_one_exact_line(string spec, string message)
    {
        var e = Assert.Throws<SpecException>(() => Registry.Parse(spec));
        Assert.Equal(message, e.Message);
        Assert.Equal(2, e.ExitCode);
    }

    [Fact]
    public void Every_problem_of_a_spec_is_reported_at_once_on_one_line()
    {
        var e = Assert.Throws<SpecException>(() => Registry.Parse("majority:n=0,tempreature=1,weight=x"));
        Assert.Contains("n=0 is out of range", e.Message);
        Assert.Contains("unknown key 'tempreature' for 'majority' (did you mean 'temperature'?)", e.Message);
        Assert.Contains("weight='x' is not allowed", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Registering_a_name_twice_is_a_programming_error() =>
        Assert.Throws<InvalidOperationException>(() => new StrategyRegistry()
            .Register(new StrategyDescriptor("x", "", [], _ => null!))
            .Register(new StrategyDescriptor("X", "", [], _ => null!)));

    [Fact]
    public void Reading_an_undeclared_key_is_a_programming_error() =>
        Assert.Throws<InvalidOperationException>(() => Registry.Parse("majority").Integer("k"));

    [Theory]
    [InlineData("majorty", "majority", 1)]
    [InlineData("amjority", "majority", 1)]
    [InlineData("single", "single", 0)]
    [InlineData("xyz", "majority", 8)]
    public void Edit_distance_counts_typos(string a, string b, int distance) =>
        Assert.Equal(distance, NameSuggestions.Distance(a, b));

    [Fact]
    public void No_suggestion_for_unrelated_names() => Assert.Null(NameSuggestions.Closest("beam", ["majority", "single"]));
}
