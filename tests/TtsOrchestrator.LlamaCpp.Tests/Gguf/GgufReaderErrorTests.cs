using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.LlamaCpp.Tests.Gguf;

public class GgufReaderErrorTests : TempDirectoryTest
{
    private byte[] ValidFile()
    {
        var writer = new GgufWriter();
        writer.AddMetadata("general.architecture", "llama");
        writer.AddMetadata("tokens", new[] { "a", "b", "c" });
        writer.AddTensor("w", GgmlType.F16, 8, 8);
        var stream = new MemoryStream();
        writer.WriteTo(stream, (_, v) => v.Fill(1f));
        return stream.ToArray();
    }

    private InvalidDataException OpenFails(byte[] bytes)
    {
        var path = PathOf("model.gguf");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => GgufReader.Open(path).Dispose());
        Assert.Contains(path, error.Message);
        return error;
    }

    [Fact]
    public void A_valid_file_opens_and_reports_its_keys()
    {
        var path = PathOf("ok.gguf");
        File.WriteAllBytes(path, ValidFile());
        using var reader = GgufReader.Open(path);
        Assert.Equal("llama", reader.Get<string>("general.architecture"));
        Assert.Contains(path, Assert.Throws<KeyNotFoundException>(() => reader.Get<string>("missing")).Message);
        Assert.Contains("String", Assert.Throws<InvalidDataException>(() => reader.Get<uint>("general.architecture")).Message);
    }

    [Fact]
    public void Wrong_magic_names_the_file_and_the_magic()
    {
        var bytes = ValidFile();
        "GGML"u8.CopyTo(bytes);
        Assert.Contains("not a GGUF file", OpenFails(bytes).Message);
    }

    [Fact]
    public void Unsupported_version_is_reported()
    {
        var bytes = ValidFile();
        bytes[4] = 9;
        Assert.Contains("version 9", OpenFails(bytes).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]   // inside the version
    [InlineData(30)]  // inside the first key
    [InlineData(120)] // inside the string array
    public void A_file_cut_in_the_header_is_reported_as_truncated(int length)
    {
        Assert.Contains("truncated", OpenFails(ValidFile()[..length]).Message);
    }

    [Fact]
    public void A_file_cut_in_the_tensor_data_is_reported_as_truncated()
    {
        var bytes = ValidFile();
        var error = OpenFails(bytes[..(bytes.Length - 40)]);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("'w'", error.Message);
    }
}
