using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TtsOrchestrator.LlamaCpp.Gguf;

/// <summary>Fills <paramref name="values"/> (length = the tensor's element count, zeroed) with the tensor's data, in ggml order.</summary>
public delegate void TensorFill(GgufTensorInfo tensor, Span<float> values);

/// <summary>
/// Writes a GGUF v3 file in one streaming pass. Declare metadata with <see cref="AddMetadata{T}"/> and tensors with
/// <see cref="AddTensor"/>, then call <see cref="WriteTo(Stream, TensorFill)"/>: it writes the header and asks the callback
/// for each tensor's values in declaration order, converting them to the declared type (F32, or F16 via <see cref="Half"/>),
/// so only one tensor is ever held in memory.
/// </summary>
public sealed class GgufWriter
{
    private const int ChunkElements = 1 << 16;

    private readonly List<KeyValuePair<string, object>> _metadata = [];
    private readonly List<GgufTensorInfo> _tensors = [];
    private readonly uint _alignment;
    private long _dataSize;

    /// <param name="alignment">Alignment of the data section and of every tensor in it; stored as <c>general.alignment</c>.</param>
    public GgufWriter(uint alignment = GgufFormat.DefaultAlignment)
    {
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "alignment must be a power of two");
        _alignment = alignment;
        _metadata.Add(new(GgufFormat.AlignmentKey, alignment));
    }

    public IReadOnlyList<GgufTensorInfo> Tensors => _tensors;

    /// <summary>
    /// Adds a key whose GGUF type follows <typeparamref name="T"/>: byte, sbyte, ushort, short, uint, int, ulong, long,
    /// float, double, bool, string, or a one-dimensional array of one of those. Cast integers to the type the reader
    /// expects (llama.cpp wants u32 for counts and token ids).
    /// </summary>
    public void AddMetadata<T>(string key, T value) where T : notnull
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (GgufFormat.ValueTypeOf(value.GetType()) is null)
            throw new ArgumentException($"metadata '{key}': type {value.GetType()} has no GGUF equivalent", nameof(value));
        if (_metadata.Any(kv => kv.Key == key))
            throw new ArgumentException($"metadata key '{key}' is already set", nameof(key));
        // Copy arrays so later changes by the caller cannot alter what gets written.
        _metadata.Add(new(key, value is Array array ? array.Clone() : value));
    }

    /// <summary>Declares a tensor; <paramref name="shape"/> is ne0 first (the contiguous dimension).</summary>
    public GgufTensorInfo AddTensor(string name, GgmlType type, params long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!GgufFormat.IsSupported(type)) throw new ArgumentOutOfRangeException(nameof(type), type, "only F32 and F16 are supported");
        if (shape.Length is 0 or > GgufFormat.MaxDimensions || shape.Any(d => d <= 0))
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] must have 1 to {GgufFormat.MaxDimensions} positive dimensions", nameof(shape));
        if (_tensors.Any(t => t.Name == name)) throw new ArgumentException($"tensor '{name}' is already declared", nameof(name));

        var info = new GgufTensorInfo(name, type, [.. shape], (ulong)_dataSize);
        _dataSize += GgufFormat.Pad(info.ByteCount, _alignment);
        _tensors.Add(info);
        return info;
    }

    /// <summary>Writes the file to <paramref name="path"/>, replacing it.</summary>
    public void WriteTo(string path, TensorFill fill)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        WriteTo(stream, fill);
    }

    /// <summary>Writes the file at the stream's current position; the stream must report its <see cref="Stream.Position"/>.</summary>
    public void WriteTo(Stream stream, TensorFill fill)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true); // BinaryWriter is always little-endian
        var start = stream.Position;

        writer.Write(GgufFormat.Magic);
        writer.Write(GgufFormat.Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(writer, key);
            WriteValue(writer, value, withType: true);
        }
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Shape.Count);
            foreach (var dim in tensor.Shape) writer.Write((ulong)dim);
            writer.Write((uint)tensor.Type);
            writer.Write(tensor.Offset);
        }
        WritePadding(writer, start);

        if (_tensors.Count == 0) return;
        var values = ArrayPool<float>.Shared.Rent(checked((int)_tensors.Max(t => t.ElementCount)));
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkElements * sizeof(float));
        try
        {
            foreach (var tensor in _tensors)
            {
                var span = values.AsSpan(0, (int)tensor.ElementCount);
                span.Clear();
                fill(tensor, span);
                WriteTensorData(writer, tensor.Type, span, bytes);
                WritePadding(writer, start);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void WriteTensorData(BinaryWriter writer, GgmlType type, ReadOnlySpan<float> values, byte[] buffer)
    {
        var size = GgufFormat.ElementSize(type);
        for (var from = 0; from < values.Length; from += ChunkElements)
        {
            var chunk = values.Slice(from, Math.Min(ChunkElements, values.Length - from));
            var dest = buffer.AsSpan(0, chunk.Length * size);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (type == GgmlType.F32) BinaryPrimitives.WriteSingleLittleEndian(dest[(i * 4)..], chunk[i]);
                else BinaryPrimitives.WriteHalfLittleEndian(dest[(i * 2)..], (Half)chunk[i]);
            }
            writer.Write(dest);
        }
    }

    private void WritePadding(BinaryWriter writer, long start)
    {
        writer.Flush();
        var written = writer.BaseStream.Position - start;
        for (var n = GgufFormat.Pad(written, _alignment) - written; n > 0; n--) writer.Write((byte)0);
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, object value, bool withType)
    {
        var type = GgufFormat.ValueTypeOf(value.GetType())!.Value;
        if (withType) writer.Write((uint)type);
        switch (value)
        {
            case byte v: writer.Write(v); break;
            case sbyte v: writer.Write(v); break;
            case ushort v: writer.Write(v); break;
            case short v: writer.Write(v); break;
            case uint v: writer.Write(v); break;
            case int v: writer.Write(v); break;
            case ulong v: writer.Write(v); break;
            case long v: writer.Write(v); break;
            case float v: writer.Write(v); break;
            case double v: writer.Write(v); break;
            case bool v: writer.Write(v); break; // one byte, 0 or 1
            case string v: WriteString(writer, v); break;
            case Array items:
                writer.Write((uint)GgufFormat.ValueTypeOf(items.GetType().GetElementType()!)!.Value);
                writer.Write((ulong)items.Length);
                foreach (var item in items) WriteValue(writer, item, withType: false);
                break;
        }
    }
}
