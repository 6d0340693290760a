namespace TtsOrchestrator.LlamaCpp.Gguf;

/// <summary>Token types as llama.cpp's <c>llama_token_type</c> numbers them (only those this vocabulary uses).</summary>
public enum SpmTokenType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    Byte = 6,
}

/// <summary>
/// A SentencePiece-style vocabulary that llama.cpp's "llama" (SPM) tokenizer accepts: the special tokens
/// <c>&lt;unk&gt; &lt;s&gt; &lt;/s&gt; &lt;|im_start|&gt; &lt;|im_end|&gt;</c> (ids 0-4), the 256 byte-fallback tokens
/// <c>&lt;0x00&gt;..&lt;0xFF&gt;</c>, one token per character of a character set (space written as "▁"), then generated
/// letter pieces ("▁t", "th", "▁th", "the", ...) with falling scores until the requested size. Turns are ChatML;
/// end of turn and EOS are both <c>&lt;|im_end|&gt;</c>.
/// </summary>
public sealed class SpmVocabulary
{
    public const int UnknownId = 0;
    public const int BosId = 1;
    public const int EndOfSentenceId = 2;
    public const int ImStartId = 3;
    public const int ImEndId = 4;

    /// <summary>The token a chat turn, and so generation, ends with.</summary>
    public const int EosId = ImEndId;

    /// <summary>SentencePiece's visible space (U+2581), which stands for ' ' inside tokens.</summary>
    public const string SpaceMarker = "\u2581";

    /// <summary>The ChatML template; llama.cpp recognises it by the <c>&lt;|im_start|&gt;</c> marker.</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /// <summary>Printable ASCII, ' ' to '~'. Newlines and other bytes are covered by the byte tokens.</summary>
    public static string PrintableAscii { get; } = new([.. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c)]);

    // Fillers use lowercase letters in English frequency order so the earliest (best-scored) pieces are common ones.
    private const string FillerLetters = "etaoinshrdlcumwfgypbvkjxqz";

    private readonly List<string> _tokens = [];
    private readonly List<float> _scores = [];
    private readonly List<SpmTokenType> _types = [];
    private readonly HashSet<string> _seen = [];

    private SpmVocabulary() { }

    public IReadOnlyList<string> Tokens => _tokens;
    public IReadOnlyList<float> Scores => _scores;
    public IReadOnlyList<SpmTokenType> Types => _types;
    public int Count => _tokens.Count;

    /// <summary>The id of a token string, or -1.</summary>
    public int IdOf(string token) => _tokens.IndexOf(token);

    /// <summary>Builds a vocabulary of exactly <paramref name="size"/> tokens.</summary>
    /// <param name="characters">Characters that get their own token (default <see cref="PrintableAscii"/>); duplicates are ignored.</param>
    public static SpmVocabulary Create(int size, string? characters = null)
    {
        var vocab = new SpmVocabulary();
        vocab.Add("<unk>", 0, SpmTokenType.Unknown);
        vocab.Add("<s>", 0, SpmTokenType.Control);
        vocab.Add("</s>", 0, SpmTokenType.Control);
        vocab.Add("<|im_start|>", 0, SpmTokenType.Control);
        vocab.Add("<|im_end|>", 0, SpmTokenType.Control);
        for (var b = 0; b < 256; b++) vocab.Add($"<0x{b:X2}>", 0, SpmTokenType.Byte); // llama.cpp looks bytes up by this exact spelling

        foreach (var rune in (characters ?? PrintableAscii).EnumerateRunes())
        {
            var piece = rune.Value == ' ' ? SpaceMarker : rune.ToString();
            if (!vocab._seen.Contains(piece)) vocab.Add(piece, 0, SpmTokenType.Normal);
        }
        if (size < vocab.Count)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"the special, byte and character tokens alone are {vocab.Count}");

        using var fillers = FillerPieces().GetEnumerator();
        for (var rank = 1; vocab.Count < size; rank++)
        {
            fillers.MoveNext(); // endless; fillers are two or more runes, so never clash with the tokens above
            vocab.Add(fillers.Current, -rank, SpmTokenType.Normal);
        }
        return vocab;
    }

    /// <summary>Adds the <c>tokenizer.*</c> keys (vocabulary, special ids, ChatML template) to a GGUF file.</summary>
    public void AddTo(GgufWriter writer)
    {
        writer.AddMetadata("tokenizer.ggml.model", "llama");
        writer.AddMetadata("tokenizer.ggml.tokens", _tokens.ToArray());
        writer.AddMetadata("tokenizer.ggml.scores", _scores.ToArray());
        writer.AddMetadata("tokenizer.ggml.token_type", _types.Select(t => (int)t).ToArray());
        writer.AddMetadata("tokenizer.ggml.bos_token_id", (uint)BosId);
        writer.AddMetadata("tokenizer.ggml.eos_token_id", (uint)EosId);
        writer.AddMetadata("tokenizer.ggml.eot_token_id", (uint)EosId);
        writer.AddMetadata("tokenizer.ggml.unknown_token_id", (uint)UnknownId);
        writer.AddMetadata("tokenizer.ggml.add_bos_token", true);
        writer.AddMetadata("tokenizer.ggml.add_eos_token", false);
        writer.AddMetadata("tokenizer.ggml.add_space_prefix", false);
        writer.AddMetadata("tokenizer.chat_template", ChatMlTemplate);
    }

    private void Add(string token, float score, SpmTokenType type)
    {
        _seen.Add(token);
        _tokens.Add(token);
        _scores.Add(score);
        _types.Add(type);
    }

    /// <summary>
    /// Letter pieces by length: "▁" plus n-1 letters, then n letters, for n = 2, 3, ... Every piece splits into two
    /// shorter pieces that come earlier, so the SPM merge (which only joins adjacent known pieces) can reach it.
    /// </summary>
    private static IEnumerable<string> FillerPieces()
    {
        foreach (var c in FillerLetters) yield return SpaceMarker + char.ToUpperInvariant(c); // capitalised word starts
        for (var length = 1; ; length++)
        {
            foreach (var letters in Words(length)) yield return SpaceMarker + letters;
            foreach (var letters in Words(length + 1)) yield return letters;
        }
    }

    private static IEnumerable<string> Words(int length)
    {
        if (length == 0)
        {
            yield return "";
            yield break;
        }
        foreach (var prefix in Words(length - 1))
            foreach (var c in FillerLetters)
                yield return prefix + c;
    }
}
