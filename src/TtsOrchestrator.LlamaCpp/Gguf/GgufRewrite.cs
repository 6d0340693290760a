namespace TtsOrchestrator.LlamaCpp.Gguf;

/// <summary>Rewrites a GGUF file (F32/F16 tensors) in place with metadata keys added.</summary>
public static class GgufRewrite
{
    /// <summary>
    /// Adds each key of <paramref name="metadata"/> the file does not have yet; keys already present are kept as they
    /// are. Writes a temporary file beside it and renames it, so the original stays whole until the new one is.
    /// </summary>
    public static void AddMissingMetadata(string path, IReadOnlyDictionary<string, object> metadata)
    {
        var temporary = path + ".rewrite";
        using (var reader = GgufReader.Open(path))
        {
            var missing = metadata.Where(kv => !reader.Metadata.ContainsKey(kv.Key)).ToList();
            if (missing.Count == 0) return;
            var writer = new GgufWriter(reader.Alignment);
            foreach (var (key, value) in reader.Metadata.Concat(missing).Where(kv => kv.Key != "general.alignment"))
                writer.AddMetadata(key, value);
            foreach (var tensor in reader.Tensors) writer.AddTensor(tensor.Name, tensor.Type, [.. tensor.Shape]);
            writer.WriteTo(temporary, (tensor, values) => reader.ReadTensor(tensor.Name).CopyTo(values));
        }
        File.Move(temporary, path, overwrite: true);
    }
}
