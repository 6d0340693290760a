using System.Buffers.Binary;
using System.Text;

namespace TtsOrchestrator.LlamaCpp.Gguf;

/// <summary>
/// Reads a GGUF (v2 or v3) file's metadata and tensor infos on open, and F32/F16 tensor data on request. Metadata values
/// come back as the CLR types <see cref="GgufWriter.AddMetadata{T}"/> takes (uint, string, float[], string[], ...).
/// A wrong magic, an unsupported version or a truncated file throws <see cref="InvalidDataException"/> naming the file.
/// </summary>
public sealed class GgufReader : IDisposable
{
    private readonly Stream _stream;
    private readonly BinaryReader _reader;
    private readonly string _name;
    private readonly Dictionary<string, object> _metadata = [];
    private readonly List<GgufTensorInfo> _tensors = [];

    /// <summary>Reads the header of <paramref name="stream"/> (from its current position), which the reader then owns.</summary>
    /// <param name="name">How error messages refer to the stream, typically its file path.</param>
    public GgufReader(Stream stream, string name)
    {
        _stream = stream;
        _name = name;
        _reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: false);
        try
        {
            var start = stream.Position;
            ReadHeader();
            DataOffset = start + GgufFormat.Pad(stream.Position - start, Alignment);
            foreach (var tensor in _tensors.Where(t => GgufFormat.IsSupported(t.Type)))
            {
                var end = DataOffset + (long)tensor.Offset + tensor.ByteCount;
                if (end > stream.Length) throw Truncated($"tensor '{tensor.Name}' ends at byte {end} but the file has {stream.Length}");
            }
        }
        catch (EndOfStreamException)
        {
            _reader.Dispose();
            throw Truncated("it ends inside the header");
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
    }

    public static GgufReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16), path);

    public uint Version { get; private set; }
    public uint Alignment { get; private set; } = GgufFormat.DefaultAlignment;

    /// <summary>Absolute stream position where the data section (tensor offset 0) starts.</summary>
    public long DataOffset { get; }

    public IReadOnlyDictionary<string, object> Metadata => _metadata;
    public IReadOnlyList<GgufTensorInfo> Tensors => _tensors;

    /// <summary>The value of <paramref name="key"/>, which must exist and have type <typeparamref name="T"/>.</summary>
    public T Get<T>(string key)
    {
        if (!_metadata.TryGetValue(key, out var value)) throw new KeyNotFoundException($"'{_name}' has no metadata key '{key}'");
        return value is T typed
            ? typed
            : throw new InvalidDataException($"'{_name}': metadata '{key}' is {value.GetType().Name}, not {typeof(T).Name}");
    }

    /// <summary>The values of an F32 or F16 tensor, in ggml order.</summary>
    public float[] ReadTensor(string name)
    {
        var tensor = _tensors.Find(t => t.Name == name) ?? throw new KeyNotFoundException($"'{_name}' has no tensor '{name}'");
        var bytes = new byte[tensor.ByteCount];
        _stream.Position = DataOffset + (long)tensor.Offset;
        _stream.ReadExactly(bytes);
        var values = new float[tensor.ElementCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = tensor.Type == GgmlType.F32
                ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))
                : (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(i * 2));
        }
        return values;
    }

    public void Dispose() => _reader.Dispose();

    private InvalidDataException Truncated(string detail) => new($"GGUF file '{_name}' is truncated: {detail}");

    private void ReadHeader()
    {
        var magic = _reader.ReadUInt32();
        if (magic != GgufFormat.Magic)
            throw new InvalidDataException($"'{_name}' is not a GGUF file: magic is 0x{magic:X8}, expected 0x{GgufFormat.Magic:X8} (\"GGUF\")");
        Version = _reader.ReadUInt32();
        if (Version is < 2 or > GgufFormat.Version)
            throw new InvalidDataException($"'{_name}' has GGUF version {Version}; only versions 2 and 3 are supported");

        var tensorCount = ReadCount(minBytesEach: 8 + 4 + 8 + 4 + 8);
        var kvCount = ReadCount(minBytesEach: 8 + 4 + 1);
        for (long i = 0; i < kvCount; i++)
        {
            var key = ReadString();
            var value = ReadValue((GgufFormat.ValueType)_reader.ReadUInt32(), key);
            if (!_metadata.TryAdd(key, value)) throw new InvalidDataException($"'{_name}' has metadata key '{key}' twice");
        }
        if (_metadata.TryGetValue(GgufFormat.AlignmentKey, out var alignment))
        {
            Alignment = alignment is uint a && a != 0 && (a & (a - 1)) == 0
                ? a
                : throw new InvalidDataException($"'{_name}': {GgufFormat.AlignmentKey} must be a u32 power of two, got {alignment}");
        }

        for (long i = 0; i < tensorCount; i++)
        {
            var name = ReadString();
            var dims = _reader.ReadUInt32();
            if (dims is 0 or > GgufFormat.MaxDimensions) throw new InvalidDataException($"'{_name}': tensor '{name}' has {dims} dimensions");
            var shape = new long[dims];
            for (var d = 0; d < dims; d++) shape[d] = checked((long)_reader.ReadUInt64());
            var type = (GgmlType)_reader.ReadUInt32();
            var offset = _reader.ReadUInt64();
            if (offset % Alignment != 0) throw new InvalidDataException($"'{_name}': tensor '{name}' offset {offset} is not aligned to {Alignment}");
            _tensors.Add(new GgufTensorInfo(name, type, shape, offset));
        }
    }

    private object ReadValue(GgufFormat.ValueType type, string key) => type switch
    {
        GgufFormat.ValueType.UInt8 => _reader.ReadByte(),
        GgufFormat.ValueType.Int8 => _reader.ReadSByte(),
        GgufFormat.ValueType.UInt16 => _reader.ReadUInt16(),
        GgufFormat.ValueType.Int16 => _reader.ReadInt16(),
        GgufFormat.ValueType.UInt32 => _reader.ReadUInt32(),
        GgufFormat.ValueType.Int32 => _reader.ReadInt32(),
        GgufFormat.ValueType.UInt64 => _reader.ReadUInt64(),
        GgufFormat.ValueType.Int64 => _reader.ReadInt64(),
        GgufFormat.ValueType.Float32 => _reader.ReadSingle(),
        GgufFormat.ValueType.Float64 => _reader.ReadDouble(),
        GgufFormat.ValueType.Bool => _reader.ReadByte() != 0,
        GgufFormat.ValueType.String => ReadString(),
        GgufFormat.ValueType.Array => ReadArray(key),
        _ => throw new InvalidDataException($"'{_name}': metadata '{key}' has unknown value type {(uint)type}"),
    };

    private Array ReadArray(string key)
    {
        var elementType = (GgufFormat.ValueType)_reader.ReadUInt32();
        var clrType = elementType switch
        {
            GgufFormat.ValueType.UInt8 => typeof(byte),
            GgufFormat.ValueType.Int8 => typeof(sbyte),
            GgufFormat.ValueType.UInt16 => typeof(ushort),
            GgufFormat.ValueType.Int16 => typeof(short),
            GgufFormat.ValueType.UInt32 => typeof(uint),
            GgufFormat.ValueType.Int32 => typeof(int),
            GgufFormat.ValueType.UInt64 => typeof(ulong),
            GgufFormat.ValueType.Int64 => typeof(long),
            GgufFormat.ValueType.Float32 => typeof(float),
            GgufFormat.ValueType.Float64 => typeof(double),
            GgufFormat.ValueType.Bool => typeof(bool),
            GgufFormat.ValueType.String => typeof(string),
            _ => throw new InvalidDataException($"'{_name}': metadata array '{key}' has unsupported element type {(uint)elementType}"),
        };
        var items = Array.CreateInstance(clrType, ReadCount(minBytesEach: 1));
        for (var i = 0; i < items.Length; i++) items.SetValue(ReadValue(elementType, key), i);
        return items;
    }

    private string ReadString()
    {
        var length = ReadCount(minBytesEach: 1);
        return Encoding.UTF8.GetString(_reader.ReadBytes(length) is { } bytes && bytes.Length == length
            ? bytes
            : throw new EndOfStreamException());
    }

    /// <summary>A u64 count, checked against the bytes left so a corrupt or cut file fails before a huge allocation.</summary>
    private int ReadCount(int minBytesEach)
    {
        var count = _reader.ReadUInt64();
        if (count > (ulong)Math.Max(0, _stream.Length - _stream.Position) / (ulong)minBytesEach) throw new EndOfStreamException();
        return (int)count;
    }
}
