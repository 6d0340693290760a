using System.Text.Json;
using TtsOrchestrator.Core;

namespace TtsOrchestrator.Evals;

/// <summary>Reads JSON Lines files, naming the file and line of any record that does not parse.</summary>
public static class JsonlReader
{
    public static IEnumerable<(int Line, JsonElement Record)> Read(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement record;
            try
            {
                using var doc = JsonDocument.Parse(line);
                record = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new UserInputException($"{path}:{number}: not a JSON object ({e.Message}); fix or remove that line", inner: e);
            }
            yield return (number, record);
        }
    }

    /// <summary>The string field <paramref name="name"/>; a user error naming file, line and field when absent.</summary>
    public static string RequireString(this JsonElement record, string name, string path, int line) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new UserInputException($"{path}:{line}: missing string field '{name}'");
}
