using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Core.Specs;

/// <summary>
/// Maps spec names to strategies. One parser turns <c>name[:key=value,...]</c> into typed values,
/// validating everything at once; the CLI, evals and servers all build strategies through it.
/// </summary>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, StrategyDescriptor> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<StrategyDescriptor> _ordered = [];

    public IReadOnlyList<StrategyDescriptor> Strategies => _ordered;

    public StrategyRegistry Register(StrategyDescriptor descriptor)
    {
        if (!_byName.TryAdd(descriptor.Name, descriptor))
            throw new InvalidOperationException($"strategy '{descriptor.Name}' is registered twice");
        var duplicateKey = descriptor.Keys.GroupBy(k => k.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicateKey is not null)
            throw new InvalidOperationException($"strategy '{descriptor.Name}' declares key '{duplicateKey.Key}' twice");
        _ordered.Add(descriptor);
        return this;
    }

    /// <summary>Parses and validates a spec; throws <see cref="SpecException"/> naming every problem.</summary>
    public SpecValues Parse(string spec)
    {
        var text = spec.Trim();
        if (text.Length == 0)
            throw new SpecException(spec, $"the spec is empty; write name[:key=value,...] with a name from: {KnownNames}");

        var colon = text.IndexOf(':');
        var name = (colon < 0 ? text : text[..colon]).Trim();
        if (!_byName.TryGetValue(name, out var descriptor))
            throw new SpecException(spec, $"unknown strategy '{name}'{NameSuggestions.Hint(name, _byName.Keys)}; known strategies: {KnownNames}");

        var values = descriptor.Keys.ToDictionary(k => k.Name, k => k.Default);
        var errors = new List<string>();
        var seen = new HashSet<string>();
        var keyNames = descriptor.Keys.Select(k => k.Name).ToList();
        var body = colon < 0 ? "" : text[(colon + 1)..];
        foreach (var part in body.Split(',', StringSplitOptions.TrimEntries))
        {
            if (colon >= 0 && part.Length == 0) { errors.Add("empty key=value pair"); continue; }
            if (part.Length == 0) continue;
            var eq = part.IndexOf('=');
            if (eq <= 0) { errors.Add($"'{part}' is not key=value"); continue; }
            var key = part[..eq].Trim();
            var raw = part[(eq + 1)..].Trim();
            var declared = descriptor.Keys.FirstOrDefault(k => k.Name.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (declared is null)
            {
                var keys = keyNames.Count == 0 ? "it takes no keys" : "keys: " + string.Join(", ", keyNames);
                errors.Add($"unknown key '{key}' for '{descriptor.Name}'{NameSuggestions.Hint(key, keyNames)}; {keys}");
                continue;
            }
            if (!seen.Add(declared.Name)) { errors.Add($"key '{declared.Name}' is given twice"); continue; }
            if (declared.TryConvert(raw, out var value, out var error)) values[declared.Name] = value;
            else errors.Add(error!);
        }
        if (errors.Count > 0) throw new SpecException(spec, string.Join("; ", errors));
        return new SpecValues(descriptor.Name, descriptor.Keys, values);
    }

    /// <summary>Parses a spec and builds the strategy it names.</summary>
    public IStrategy Create(string spec)
    {
        var values = Parse(spec);
        return _byName[values.Name].Create(values);
    }

    public StrategyDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    private string KnownNames => string.Join(", ", _ordered.Select(d => d.Name));
}
