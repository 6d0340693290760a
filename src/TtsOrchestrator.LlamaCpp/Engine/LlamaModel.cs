using System.Text;
using TtsOrchestrator.LlamaCpp.Native;

namespace TtsOrchestrator.LlamaCpp.Engine;

/// <summary>
/// A GGUF model loaded by llama.cpp, with its vocabulary: tokenize, detokenize, chat template.
/// <see cref="Load"/> checks the file first and turns every failure into one <see cref="LlamaException"/>.
/// </summary>
public sealed unsafe class LlamaModel : IDisposable
{
    private readonly IntPtr _vocab;

    private LlamaModel(string path, SafeLlamaModelHandle handle)
    {
        Path = path;
        Handle = handle;
        _vocab = NativeApi.llama_model_get_vocab(handle);
        ParameterCount = (long)NativeApi.llama_model_n_params(handle);
        TrainingContext = NativeApi.llama_model_n_ctx_train(handle);
        VocabularySize = NativeApi.llama_vocab_n_tokens(_vocab);
        AddsBos = NativeApi.llama_vocab_get_add_bos(_vocab);
        EndOfGenerationTokens = Enumerable.Range(0, VocabularySize).Where(t => NativeApi.llama_vocab_is_eog(_vocab, t)).ToArray();
        var template = NativeApi.llama_model_chat_template(handle, IntPtr.Zero);
        ChatTemplate = template == IntPtr.Zero ? null : NativeLibraryLoader.Utf8(template);
        var buffer = stackalloc byte[256];
        var n = NativeApi.llama_model_desc(handle, buffer, 256);
        Description = n > 0 ? Encoding.UTF8.GetString(buffer, Math.Min(n, 255)) : "llama";
    }

    public string Path { get; }
    public SafeLlamaModelHandle Handle { get; }
    public long ParameterCount { get; }
    public int TrainingContext { get; }
    public int VocabularySize { get; }
    public bool AddsBos { get; }
    /// <summary>Every token that ends a generation (EOS, EOT, …).</summary>
    public IReadOnlyList<int> EndOfGenerationTokens { get; }
    /// <summary>The GGUF's chat template (tokenizer.chat_template), or null: prompts are then rendered raw.</summary>
    public string? ChatTemplate { get; }
    public string Description { get; }

    /// <param name="gpuLayers">Layers to offload; null = all when a GPU backend is loaded, else 0.</param>
    /// <param name="writableWeights">Read the weights into memory instead of mapping the file (training updates them).</param>
    public static LlamaModel Load(string path, int? gpuLayers = null, bool writableWeights = false)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new LlamaException($"model file '{path}' does not exist; pass the path of a GGUF model file");
        Span<byte> magic = stackalloc byte[4];
        using (var f = File.OpenRead(full))
            if (f.Read(magic) < 4 || !magic.SequenceEqual("GGUF"u8))
                throw new LlamaException($"model file '{path}' is not a GGUF file (it does not start with 'GGUF'); convert it to GGUF first");

        NativeLibraryLoader.EnsureInitialized();
        var parameters = NativeApi.llama_model_default_params();
        parameters.n_gpu_layers = gpuLayers ?? (NativeApi.llama_supports_gpu_offload() ? -1 : 0);
        if (writableWeights) parameters.load_mode = NativeApi.LlamaLoadModeNone;
        NativeLibraryLoader.ClearRecentErrors();
        var handle = NativeApi.llama_model_load_from_file(full, parameters);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            var reason = NativeLibraryLoader.RecentErrors();
            throw new LlamaException($"llama.cpp could not load model '{path}'" +
                                     (reason.Length > 0 ? $": {reason}" : "") + "; check that the file is a complete, supported GGUF model");
        }
        return new LlamaModel(full, handle);
    }

    /// <summary>Token ids of <paramref name="text"/>; special tokens written as text (e.g. &lt;|im_end|&gt;) are parsed.</summary>
    public int[] Tokenize(string text, bool addBos)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length + 2];
        fixed (byte* b = bytes)
        {
            int n;
            fixed (int* t = tokens) n = NativeApi.llama_tokenize(_vocab, b, bytes.Length, t, tokens.Length, addBos, parseSpecial: true);
            if (n < 0)
            {
                tokens = new int[-n];
                fixed (int* t = tokens) n = NativeApi.llama_tokenize(_vocab, b, bytes.Length, t, tokens.Length, addBos, parseSpecial: true);
            }
            if (n < 0) throw new LlamaException($"tokenizing {bytes.Length} bytes failed ({n})");
            return tokens[..n];
        }
    }

    /// <summary>The UTF-8 bytes a token stands for (special tokens render as nothing).</summary>
    public int TokenBytes(int token, Span<byte> buffer)
    {
        fixed (byte* b = buffer)
        {
            var n = NativeApi.llama_token_to_piece(_vocab, token, b, buffer.Length, 0, special: false);
            if (n < 0) throw new InvalidOperationException($"token {token} needs {-n} bytes, buffer has {buffer.Length}");
            return n;
        }
    }

    /// <summary>The text of a token sequence (for tests and tools; generation decodes incrementally).</summary>
    public string Detokenize(IEnumerable<int> tokens)
    {
        var bytes = new List<byte>();
        Span<byte> piece = stackalloc byte[256];
        foreach (var t in tokens) bytes.AddRange(piece[..TokenBytes(t, piece)]);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    public bool IsEndOfGeneration(int token) => NativeApi.llama_vocab_is_eog(_vocab, token);

    public void Dispose() => Handle.Dispose();
}
