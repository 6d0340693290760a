using System.Text.Json;
using TtsOrchestrator.Core;
using TtsOrchestrator.Core.Serialization;

namespace TtsOrchestrator.Evals.Runs;

/// <summary>
/// A JSON Lines file with one finished problem per line, appended and flushed line by line as problems finish, so a
/// run that dies (even by SIGKILL in the middle of a write) loses at most the line it was writing. Opening it again
/// keeps every complete line byte for byte and drops only a torn last line (no newline and not valid JSON), whose
/// problem is then run again. Nothing else is ever removed: a bad line elsewhere is a user error naming the line.
/// While open, the file holds an exclusive lock, so two runs cannot write one folder.
/// </summary>
public sealed class ResultsFile<T> : IDisposable where T : class, IResultLine
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();

    private ResultsFile(string path, FileStream stream, Contents contents)
    {
        Path = path;
        _stream = stream;
        Lines = contents.Lines;
        DroppedTornLine = contents.TornTail;
    }

    public string Path { get; }

    /// <summary>The complete lines found when the file was opened, in file order (first line per id).</summary>
    public IReadOnlyList<T> Lines { get; }

    /// <summary>Whether opening dropped a torn last line (a run killed while writing it).</summary>
    public bool DroppedTornLine { get; }

    /// <summary>What a results file holds, read without changing it.</summary>
    /// <param name="ValidLength">Bytes up to the end of the last complete line.</param>
    /// <param name="TornTail">The file ends in a partial line that will be dropped.</param>
    /// <param name="MissingNewline">The last line is complete JSON but its newline was never written.</param>
    public sealed record Contents(IReadOnlyList<T> Lines, long ValidLength, bool TornTail, bool MissingNewline);

    /// <summary>Reads <paramref name="path"/> (an absent file is empty) without changing it; a user error on a bad line or while another run writes it.</summary>
    public static Contents Read(string path)
    {
        if (!File.Exists(path)) return new Contents([], 0, false, false);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return Parse(path, ReadAll(stream));
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw InUse(path, e);
        }
    }

    /// <summary>Opens <paramref name="path"/> for appending (creating it), after dropping a torn last line.</summary>
    public static ResultsFile<T> Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw InUse(path, e);
        }
        try
        {
            var contents = Parse(path, ReadAll(stream));
            // Only the torn tail goes; everything before it stays exactly as written.
            if (contents.TornTail) stream.SetLength(contents.ValidLength);
            stream.Seek(0, SeekOrigin.End);
            if (contents.MissingNewline)
            {
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }
            return new ResultsFile<T>(path, stream, contents);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends one line and flushes it to disk before returning: once this returns, the problem is done for good.</summary>
    public void Append(T line)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line, TtsJson.Compact);
        var record = new byte[bytes.Length + 1];
        bytes.CopyTo(record, 0);
        record[^1] = (byte)'\n';
        lock (_gate)
        {
            // One write call per line: a kill can leave a prefix of this line, never a mix of two lines.
            _stream.Write(record);
            _stream.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static byte[] ReadAll(FileStream stream)
    {
        stream.Seek(0, SeekOrigin.Begin);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static Contents Parse(string path, byte[] bytes)
    {
        var lines = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var start = 0;
        var number = 0;
        while (start < bytes.Length)
        {
            number++;
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var last = end < 0;
            var span = bytes.AsSpan(start, (last ? bytes.Length : end) - start);
            if (last)
            {
                // No newline: the write of this line may have been cut short. Keep it only if it is whole.
                var whole = TryRead(span, out var tail) && !string.IsNullOrEmpty(tail!.Id);
                if (whole && seen.Add(tail!.Id)) lines.Add(tail!);
                return whole
                    ? new Contents(lines, bytes.Length, TornTail: false, MissingNewline: true)
                    : new Contents(lines, start, TornTail: !IsBlank(span), MissingNewline: false);
            }
            if (!IsBlank(span))
            {
                var line = ReadLine(path, number, span);
                if (seen.Add(line.Id)) lines.Add(line);
            }
            start = end + 1;
        }
        return new Contents(lines, bytes.Length, TornTail: false, MissingNewline: false);
    }

    private static T ReadLine(string path, int number, ReadOnlySpan<byte> span)
    {
        string reason;
        try
        {
            var line = JsonSerializer.Deserialize<T>(span, TtsJson.Options);
            if (line is not null && !string.IsNullOrEmpty(line.Id)) return line;
            reason = "no 'id'";
        }
        catch (JsonException e)
        {
            reason = e.Message;
        }
        throw new UserInputException(
            $"{path}:{number}: not a result line ({reason}); remove that line to run its problem again, or choose another --out");
    }

    private static bool TryRead(ReadOnlySpan<byte> span, out T? line)
    {
        try
        {
            line = JsonSerializer.Deserialize<T>(span, TtsJson.Options);
            return line is not null;
        }
        catch (JsonException)
        {
            line = null;
            return false;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> span) => span.Trim(" \t\r"u8).IsEmpty;

    private static UserInputException InUse(string path, IOException e) =>
        new($"{path} is in use by another tts run writing the same --out; wait for it to finish or choose another --out", inner: e);
}
