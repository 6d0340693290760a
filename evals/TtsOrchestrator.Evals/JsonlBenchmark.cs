using System.Text.Json;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Evals.MathTasks;

namespace TtsOrchestrator.Evals;

/// <summary>
/// Any JSONL file as a benchmark (<c>--benchmark PATH --field question=problem,answer=solution[,id=uid]</c>): the mapped
/// fields give the question, the gold answer (a string or a number) and optionally the id (default: file name and
/// line). Answers are judged as math answers — the last <c>\boxed{}</c>, a <c>####</c> line or "The answer is", LaTeX
/// and numbers normalised — which covers most question/answer sets; the prompt asks for a boxed answer.
/// </summary>
public static class JsonlBenchmark
{
    public static readonly string[] Keys = ["question", "answer", "id"];

    /// <summary>Whether a --benchmark value names a file rather than a built-in benchmark.</summary>
    public static bool IsPath(string benchmark) =>
        benchmark.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || benchmark.Contains('/') || File.Exists(benchmark);

    /// <summary>Parses <c>question=a,answer=b[,id=c]</c>; unnamed keys keep their own name as the field.</summary>
    public static IReadOnlyDictionary<string, string> ParseFields(string? spec)
    {
        var fields = Keys.ToDictionary(k => k, k => k);
        fields.Remove("id");
        foreach (var part in (spec ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var key = eq > 0 ? part[..eq].Trim() : "";
            if (eq <= 0 || eq == part.Length - 1 || !Keys.Contains(key))
                throw new UserInputException($"--field '{spec}': '{part}' is not one of {string.Join(", ", Keys.Select(k => k + "=FIELD"))}", exitCode: 2);
            fields[key] = part[(eq + 1)..].Trim();
        }
        return fields;
    }

    public static IReadOnlyList<BenchmarkItem> Load(string path, string? fieldSpec, int? limit)
    {
        var fields = ParseFields(fieldSpec);
        if (!File.Exists(path)) throw new UserInputException($"--benchmark {path}: no such file; give a JSONL file or one of {string.Join(", ", Benchmarks.Names)}");
        var name = Path.GetFileNameWithoutExtension(path);
        var items = new List<BenchmarkItem>();
        foreach (var (line, record) in JsonlReader.Read(path))
        {
            if (items.Count == 0) CheckFieldsExist(record, fields, path, line);
            var question = MathDataset.RequireText(record, fields["question"], path, line);
            var gold = Gold(record, fields["answer"], path, line);
            var id = fields.TryGetValue("id", out var idField) ? Text(record, idField, path, line) : line.ToString(System.Globalization.CultureInfo.InvariantCulture);
            items.Add(MathDataset.Item($"{name}/{id}", question, gold, MathAnswerFormat.Instance));
            if (items.Count == limit) break;
        }
        return items;
    }

    /// <summary>A --field naming a field the first record lacks is a wrong --field, not a bad line: say which fields there are.</summary>
    private static void CheckFieldsExist(JsonElement record, IReadOnlyDictionary<string, string> fields, string path, int line)
    {
        if (record.ValueKind != JsonValueKind.Object) return;
        var missing = fields.FirstOrDefault(f => !record.TryGetProperty(f.Value, out _));
        if (missing.Key is null) return;
        var present = record.EnumerateObject().Select(p => p.Name).ToList();
        throw new UserInputException(
            $"--field {missing.Key}={missing.Value}: {path}:{line} has no field '{missing.Value}' (its fields: {(present.Count == 0 ? "none" : string.Join(", ", present))}); " +
            $"name the right ones with --field question=...,answer=...[,id=...]", exitCode: 2);
    }

    /// <summary>The gold answer: a number as its shortest text, or a string (a worked solution gives its boxed/#### answer).</summary>
    private static string Gold(JsonElement record, string field, string path, int line)
    {
        if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number)
            return Amc23Benchmark.GoldText(v.GetDouble());
        var text = MathDataset.RequireText(record, field, path, line);
        return MathAnswerFormat.Instance.ExtractAnswer(text) ?? text.Trim();
    }

    private static string Text(JsonElement record, string field, string path, int line) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(field, out var v) && v.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? v.ToString()
            : throw new UserInputException($"{path}:{line}: missing id field '{field}'");
}
