namespace TtsOrchestrator.LlamaCpp.Gguf;

/// <summary>The ggml tensor element types this writer can produce (values are ggml's <c>ggml_type</c>).</summary>
public enum GgmlType : uint
{
    F32 = 0,
    F16 = 1,
}

/// <summary>
/// One tensor as a GGUF file describes it. <see cref="Shape"/> is in ggml order: <c>Shape[0]</c> (ne0) is the
/// innermost, contiguous dimension, so a PyTorch <c>[rows, cols]</c> matrix has the shape <c>[cols, rows]</c>.
/// <see cref="Offset"/> is relative to the start of the file's (aligned) data section.
/// </summary>
public sealed record GgufTensorInfo(string Name, GgmlType Type, IReadOnlyList<long> Shape, ulong Offset)
{
    public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);

    /// <summary>Bytes of tensor data, without the padding that follows it.</summary>
    public long ByteCount => ElementCount * GgufFormat.ElementSize(Type);
}

/// <summary>Constants and type codes of the GGUF container shared by the writer and the reader.</summary>
internal static class GgufFormat
{
    public const uint Magic = 0x46554747; // "GGUF" read as a little-endian u32
    public const uint Version = 3;
    public const uint DefaultAlignment = 32;
    public const string AlignmentKey = "general.alignment";
    public const int MaxDimensions = 4; // GGML_MAX_DIMS

    /// <summary>GGUF metadata value types (<c>enum gguf_type</c>).</summary>
    public enum ValueType : uint
    {
        UInt8 = 0, Int8 = 1, UInt16 = 2, Int16 = 3, UInt32 = 4, Int32 = 5, Float32 = 6,
        Bool = 7, String = 8, Array = 9, UInt64 = 10, Int64 = 11, Float64 = 12,
    }

    public static int ElementSize(GgmlType type) => type switch
    {
        GgmlType.F32 => 4,
        GgmlType.F16 => 2,
        _ => throw new NotSupportedException($"ggml type {(uint)type} is not supported (only F32 and F16)"),
    };

    public static bool IsSupported(GgmlType type) => type is GgmlType.F32 or GgmlType.F16;

    /// <summary>The GGUF type of a metadata value's CLR type; arrays map to <see cref="ValueType.Array"/>.</summary>
    public static ValueType? ValueTypeOf(Type clrType) => clrType switch
    {
        _ when clrType == typeof(byte) => ValueType.UInt8,
        _ when clrType == typeof(sbyte) => ValueType.Int8,
        _ when clrType == typeof(ushort) => ValueType.UInt16,
        _ when clrType == typeof(short) => ValueType.Int16,
        _ when clrType == typeof(uint) => ValueType.UInt32,
        _ when clrType == typeof(int) => ValueType.Int32,
        _ when clrType == typeof(ulong) => ValueType.UInt64,
        _ when clrType == typeof(long) => ValueType.Int64,
        _ when clrType == typeof(float) => ValueType.Float32,
        _ when clrType == typeof(double) => ValueType.Float64,
        _ when clrType == typeof(bool) => ValueType.Bool,
        _ when clrType == typeof(string) => ValueType.String,
        { IsArray: true } when clrType.GetArrayRank() == 1 && ValueTypeOf(clrType.GetElementType()!) is { } e && e != ValueType.Array
            => ValueType.Array,
        _ => null,
    };

    public static long Pad(long offset, uint alignment) => (offset + alignment - 1) / alignment * alignment;
}
