using System.Globalization;

namespace TtsOrchestrator.Core.Specs;

/// <summary>The type of a spec value.</summary>
public enum SpecValueKind { Integer, Number, Choice, Boolean }

/// <summary>
/// One key a strategy accepts in its spec: name, type, default, allowed range or choices, and a
/// one-line description shown by <c>tts strategies</c>.
/// </summary>
public sealed record SpecKey
{
    public required string Name { get; init; }
    public required SpecValueKind Kind { get; init; }
    public required object Default { get; init; }
    public required string Description { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public IReadOnlyList<string> Choices { get; init; } = [];

    public static SpecKey Integer(string name, int @default, int min, int max, string description) =>
        new() { Name = name, Kind = SpecValueKind.Integer, Default = @default, Min = min, Max = max, Description = description };

    public static SpecKey Number(string name, double @default, double min, double max, string description) =>
        new() { Name = name, Kind = SpecValueKind.Number, Default = @default, Min = min, Max = max, Description = description };

    public static SpecKey Choice(string name, string @default, IReadOnlyList<string> choices, string description) =>
        new() { Name = name, Kind = SpecValueKind.Choice, Default = @default, Choices = choices, Description = description };

    public static SpecKey Boolean(string name, bool @default, string description) =>
        new() { Name = name, Kind = SpecValueKind.Boolean, Default = @default, Description = description };

    /// <summary>"integer 1..1024", "one of none|logprob", …: the allowed values in words.</summary>
    public string Allowed => Kind switch
    {
        SpecValueKind.Integer => $"integer {Format(Min!.Value)}..{Format(Max!.Value)}",
        SpecValueKind.Number => $"number {Format(Min!.Value)}..{Format(Max!.Value)}",
        SpecValueKind.Choice => "one of " + string.Join("|", Choices),
        _ => "true|false",
    };

    public string TypeName => Kind.ToString().ToLowerInvariant();

    public static string Format(object value) => value switch
    {
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Converts and range-checks a written value; returns the error text on failure.</summary>
    internal bool TryConvert(string text, out object value, out string? error)
    {
        value = Default;
        error = null;
        var inv = CultureInfo.InvariantCulture;
        switch (Kind)
        {
            case SpecValueKind.Integer when int.TryParse(text, NumberStyles.AllowLeadingSign, inv, out var i):
                value = i;
                return InRange(i, text, out error);
            case SpecValueKind.Number when double.TryParse(text, NumberStyles.Float, inv, out var d) && double.IsFinite(d):
                value = d;
                return InRange(d, text, out error);
            case SpecValueKind.Choice:
                var match = Choices.FirstOrDefault(c => c.Equals(text, StringComparison.OrdinalIgnoreCase));
                if (match is not null) { value = match; return true; }
                error = $"{Name}='{text}' is not allowed{NameSuggestions.Hint(text, Choices)}; {Name} is {Allowed}";
                return false;
            case SpecValueKind.Boolean when bool.TryParse(text, out var b):
                value = b;
                return true;
            case SpecValueKind.Boolean when text is "1" or "0" or "yes" or "no":
                value = text is "1" or "yes";
                return true;
        }
        error = $"{Name}='{text}' is not {(Kind == SpecValueKind.Integer ? "an" : "a")} {TypeName}; {Name} is {Allowed}";
        return false;
    }

    private bool InRange(double v, string text, out string? error)
    {
        error = v < Min || v > Max ? $"{Name}={text} is out of range; {Name} is {Allowed}" : null;
        return error is null;
    }
}
