using System.Buffers.Binary;
using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.LlamaCpp.Tests.Gguf;

public class GgufWriterTests
{
    private static GgufReader RoundTrip(GgufWriter writer, TensorFill? fill = null)
    {
        var stream = new MemoryStream();
        writer.WriteTo(stream, fill ?? ((_, _) => { }));
        stream.Position = 0;
        return new GgufReader(stream, "memory");
    }

    [Fact]
    public void Every_scalar_type_round_trips_with_its_type()
    {
        var values = new Dictionary<string, object>
        {
            ["u8"] = (byte)250, ["i8"] = (sbyte)-100, ["u16"] = (ushort)65000, ["i16"] = (short)-32000,
            ["u32"] = 4_000_000_000u, ["i32"] = -2_000_000_000, ["u64"] = ulong.MaxValue, ["i64"] = long.MinValue,
            ["f32"] = 3.25f, ["f64"] = -1e300, ["bool.true"] = true, ["bool.false"] = false,
            ["str"] = "héllo ▁ wörld", ["str.empty"] = "",
        };
        var writer = new GgufWriter();
        foreach (var (key, value) in values) writer.AddMetadata(key, value);

        using var reader = RoundTrip(writer);

        Assert.Equal(3u, reader.Version);
        Assert.Equal(values.Count + 1, reader.Metadata.Count); // + general.alignment
        foreach (var (key, value) in values)
        {
            Assert.IsType(value.GetType(), reader.Metadata[key]);
            Assert.Equal(value, reader.Metadata[key]);
        }
        Assert.Equal(32u, reader.Get<uint>("general.alignment"));
    }

    [Fact]
    public void Arrays_of_every_element_type_round_trip()
    {
        Array[] arrays =
        [
            new byte[] { 1, 255 }, new sbyte[] { -1, 1 }, new ushort[] { 7 }, new short[] { -7, 7 },
            new uint[] { 0, uint.MaxValue }, new[] { -5, 5, 0 }, new ulong[] { ulong.MaxValue }, new[] { long.MinValue },
            new[] { 0.5f, -1.5f }, new[] { 1e-300 }, new[] { true, false, true },
            new[] { "<unk>", "", "▁the", "<0x0A>" }, Array.Empty<float>(), Array.Empty<string>(),
        ];
        var writer = new GgufWriter();
        for (var i = 0; i < arrays.Length; i++) writer.AddMetadata($"a{i}", arrays[i]);

        using var reader = RoundTrip(writer);

        for (var i = 0; i < arrays.Length; i++)
        {
            var read = Assert.IsAssignableFrom<Array>(reader.Metadata[$"a{i}"]);
            Assert.Equal(arrays[i].GetType(), read.GetType());
            Assert.Equal(arrays[i].Cast<object>(), read.Cast<object>());
        }
    }

    [Fact]
    public void An_array_changed_after_adding_is_written_as_it_was()
    {
        var tokens = new[] { "a", "b" };
        var writer = new GgufWriter();
        writer.AddMetadata("tokens", tokens);
        tokens[0] = "changed";

        using var reader = RoundTrip(writer);

        Assert.Equal(["a", "b"], reader.Get<string[]>("tokens"));
    }

    [Theory]
    [InlineData(32u)]
    [InlineData(64u)]
    [InlineData(1u)]
    public void Tensor_infos_round_trip_and_every_tensor_starts_aligned(uint alignment)
    {
        var writer = new GgufWriter(alignment);
        writer.AddMetadata("general.architecture", "test");
        writer.AddTensor("odd", GgmlType.F32, 3);
        writer.AddTensor("matrix", GgmlType.F16, 5, 7);
        writer.AddTensor("cube", GgmlType.F32, 2, 3, 4);
        writer.AddTensor("one", GgmlType.F16, 1);
        writer.AddTensor("four.d", GgmlType.F32, 1, 2, 1, 3);

        using var reader = RoundTrip(writer, (tensor, values) =>
        {
            for (var i = 0; i < values.Length; i++) values[i] = tensor.Name.Length * 100 + i;
        });

        Assert.Equal(alignment, reader.Alignment);
        Assert.Equal(0, reader.DataOffset % alignment);
        Assert.Equal(writer.Tensors.Select(Describe), reader.Tensors.Select(Describe));
        ulong expectedOffset = 0;
        foreach (var tensor in reader.Tensors)
        {
            Assert.Equal(expectedOffset, tensor.Offset); // contiguous, as ggml's loader demands
            Assert.Equal(0ul, tensor.Offset % alignment);
            expectedOffset += (ulong)((tensor.ByteCount + alignment - 1) / alignment * alignment);
            var expected = Enumerable.Range(0, (int)tensor.ElementCount).Select(i => (float)(tensor.Name.Length * 100 + i));
            Assert.Equal(expected, reader.ReadTensor(tensor.Name));
        }
    }

    private static string Describe(GgufTensorInfo t) => $"{t.Name} {t.Type} [{string.Join(",", t.Shape)}] @{t.Offset}";

    [Fact]
    public void Header_layout_is_gguf_v3_little_endian()
    {
        var writer = new GgufWriter();
        writer.AddMetadata("k", (byte)1);
        writer.AddTensor("t", GgmlType.F32, 1);
        var stream = new MemoryStream();
        writer.WriteTo(stream, (_, v) => v[0] = 1f);
        var bytes = stream.ToArray();

        Assert.Equal("GGUF"u8.ToArray(), bytes[..4]);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(1ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8))); // tensors
        Assert.Equal(2ul, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16))); // keys, with general.alignment
        Assert.Equal(0, bytes.Length % 32);
    }

    [Fact]
    public void F16_data_is_the_nearest_half_of_each_value()
    {
        float[] input = [1f, -2f, 0.5f, 65504f, 0f, 0.1f, 1e-8f, 1e6f, -0f];
        ushort[] expectedBits = [0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0000, 0x2E66, 0x0000, 0x7C00, 0x8000];
        var writer = new GgufWriter();
        writer.AddTensor("h", GgmlType.F16, input.Length);
        var stream = new MemoryStream();
        writer.WriteTo(stream, (_, values) => input.CopyTo(values));
        stream.Position = 0;
        using var reader = new GgufReader(new MemoryStream(stream.ToArray()), "memory");

        var bytes = stream.ToArray();
        var bits = Enumerable.Range(0, input.Length)
            .Select(i => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan((int)reader.DataOffset + 2 * i)))
            .ToArray();
        Assert.Equal(expectedBits, bits);
        Assert.Equal([1f, -2f, 0.5f, 65504f, 0f, 0.0999755859375f, 0f, float.PositiveInfinity, -0f], reader.ReadTensor("h"));
    }

    [Fact]
    public void Tensors_are_filled_once_each_in_declaration_order_with_zeroed_spans()
    {
        var writer = new GgufWriter();
        writer.AddTensor("big", GgmlType.F32, 10);
        writer.AddTensor("small", GgmlType.F16, 2, 2);
        var calls = new List<string>();

        RoundTrip(writer, (tensor, values) =>
        {
            Assert.All(values.ToArray(), v => Assert.Equal(0f, v)); // no stale data from the previous tensor
            calls.Add($"{tensor.Name}:{values.Length}");
            values.Fill(7f);
        }).Dispose();

        Assert.Equal(["big:10", "small:4"], calls);
    }

    [Fact]
    public void Invalid_declarations_are_rejected()
    {
        var writer = new GgufWriter();
        writer.AddMetadata("k", 1u);
        writer.AddTensor("t", GgmlType.F32, 4);

        Assert.Throws<ArgumentException>(() => writer.AddMetadata("k", 2u));
        Assert.Throws<ArgumentException>(() => writer.AddMetadata("general.alignment", 64u));
        Assert.Throws<ArgumentException>(() => writer.AddMetadata("decimal", 1m));
        Assert.Throws<ArgumentException>(() => writer.AddMetadata("nested", new[] { new[] { 1 } }));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", GgmlType.F32, 4));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("empty", GgmlType.F32));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("zero", GgmlType.F32, 4, 0));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("5d", GgmlType.F32, 1, 1, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddTensor("q4", (GgmlType)2, 32));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GgufWriter(alignment: 48));
    }
}
