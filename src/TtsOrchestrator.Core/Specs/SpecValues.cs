namespace TtsOrchestrator.Core.Specs;

/// <summary>
/// The typed values of a parsed spec, with every key present (defaults filled in). Strategy
/// factories read their options from it; <see cref="Canonical"/> names the exact configuration.
/// </summary>
public sealed class SpecValues
{
    private readonly IReadOnlyDictionary<string, object> _values;
    private readonly IReadOnlyList<SpecKey> _keys;

    internal SpecValues(string name, IReadOnlyList<SpecKey> keys, IReadOnlyDictionary<string, object> values)
    {
        Name = name;
        _keys = keys;
        _values = values;
    }

    public string Name { get; }

    public int Integer(string key) => (int)Get(key, SpecValueKind.Integer);
    public double Number(string key) => (double)Get(key, SpecValueKind.Number);
    public string Choice(string key) => (string)Get(key, SpecValueKind.Choice);
    public bool Boolean(string key) => (bool)Get(key, SpecValueKind.Boolean);

    /// <summary>"name:key=value,…" with every key in declaration order.</summary>
    public string Canonical => _keys.Count == 0
        ? Name
        : Name + ":" + string.Join(",", _keys.Select(k => $"{k.Name}={SpecKey.Format(_values[k.Name])}"));

    public override string ToString() => Canonical;

    private object Get(string key, SpecValueKind kind)
    {
        // A wrong key here is a programming error in a strategy factory, not a user error.
        var k = _keys.FirstOrDefault(k => k.Name == key)
                ?? throw new InvalidOperationException($"strategy '{Name}' declares no key '{key}'");
        if (k.Kind != kind) throw new InvalidOperationException($"key '{key}' of '{Name}' is {k.TypeName}, read as {kind}");
        return _values[key];
    }
}
