using System.Text;
using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.Trainer;

/// <summary>
/// The embedded model's vocabulary: the special and byte tokens every <see cref="SpmVocabulary"/> has, plus one
/// token per character the three skills use (digits, operators, letters, a little punctuation, space and
/// newline). No multi-character pieces: every digit is its own token, which is what lets a small model learn
/// column arithmetic, and it makes tokenization a plain character lookup that the trainer can do itself.
/// </summary>
public static class ArithVocabulary
{
    public const string Characters = "0123456789+-*=#?:.,()[]! \nabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static SpmVocabulary Create() => SpmVocabulary.Create(SizeOf(Characters), Characters);

    private static int SizeOf(string characters) => 5 + 256 + characters.Distinct().Count();
}

/// <summary>
/// Tokenizes chat examples exactly as llama.cpp does for a model with <see cref="ArithVocabulary"/>: BOS, then each
/// turn rendered by the ChatML template, special markers as their control tokens, every other character as its
/// own token (bytes for characters outside the vocabulary). The parity test holds this against llama_tokenize.
/// </summary>
public sealed class ArithTokenizer
{
    private readonly Dictionary<string, int> _ids;

    public ArithTokenizer(SpmVocabulary vocabulary)
    {
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Count; i++) _ids.TryAdd(vocabulary.Tokens[i], i);
    }

    public int Pad => SpmVocabulary.EndOfSentenceId;

    /// <summary>BOS + the rendered turns; with <paramref name="openAssistantTurn"/> the prompt ends with an open assistant turn, as at inference.</summary>
    public List<int> EncodeChat(IReadOnlyList<PromptMessage> messages, bool openAssistantTurn = false)
    {
        var tokens = new List<int> { SpmVocabulary.BosId };
        foreach (var m in messages)
        {
            tokens.Add(SpmVocabulary.ImStartId);
            AppendText(tokens, m.Role.ToString().ToLowerInvariant() + "\n" + m.Content);
            tokens.Add(SpmVocabulary.ImEndId);
            AppendText(tokens, "\n");
        }
        if (openAssistantTurn)
        {
            tokens.Add(SpmVocabulary.ImStartId);
            AppendText(tokens, "assistant\n");
        }
        return tokens;
    }

    /// <summary>A training example: the whole conversation, ending after the assistant's end-of-turn token (where generation stops).</summary>
    public int[] EncodeExample(IReadOnlyList<PromptMessage> messages)
    {
        var tokens = EncodeChat(messages);
        tokens.RemoveAt(tokens.Count - 1); // the "\n" after the last <|im_end|> is never generated
        return [.. tokens];
    }

    /// <summary>
    /// Which next-token targets of a packed window carry loss: the assistant's words and its end-of-turn token, never
    /// the questions, the attempts a verifier or synthesizer reads (some are wrong on purpose), or the padding.
    /// Element t stands for predicting window[t + 1].
    /// </summary>
    public bool[] AssistantTargets(IReadOnlyList<int> window)
    {
        var header = new List<int>();
        AppendText(header, "assistant\n");
        var trained = new bool[window.Count - 1];
        for (var i = 0; i < window.Count; i++)
        {
            if (window[i] != SpmVocabulary.ImStartId || !StartsWith(window, i + 1, header)) continue;
            var j = i + 1 + header.Count;
            for (; j < window.Count; j++)
            {
                trained[j - 1] = true;
                if (window[j] == SpmVocabulary.ImEndId) break;
            }
            i = j;
        }
        return trained;
    }

    /// <summary>
    /// Loss weights of a window's targets: 0 outside the assistant's turns (<see cref="AssistantTargets"/>), 1 inside,
    /// and <paramref name="verdictWeight"/> for a verifier's verdict (+ or - right before the end of its turn).
    /// </summary>
    public float[] TargetWeights(IReadOnlyList<int> window, float verdictWeight)
    {
        var trained = AssistantTargets(window);
        var (plus, minus) = (_ids[Core.Prompts.SkillPrompts.StepCorrect], _ids[Core.Prompts.SkillPrompts.StepWrong]);
        var weights = new float[trained.Length];
        for (var t = 0; t < trained.Length; t++)
        {
            if (!trained[t]) continue;
            var verdict = window[t + 1] is var token && (token == plus || token == minus) && t + 2 < window.Count && window[t + 2] == SpmVocabulary.ImEndId;
            weights[t] = verdict ? verdictWeight : 1;
        }
        return weights;
    }

    private static bool StartsWith(IReadOnlyList<int> tokens, int at, List<int> prefix)
    {
        if (at + prefix.Count > tokens.Count) return false;
        for (var k = 0; k < prefix.Count; k++) if (tokens[at + k] != prefix[k]) return false;
        return true;
    }

    private void AppendText(List<int> tokens, string text)
    {
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var piece = rune.Value == ' ' ? SpmVocabulary.SpaceMarker : rune.ToString();
            if (_ids.TryGetValue(piece, out var id)) { tokens.Add(id); continue; }
            var n = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..n]) tokens.Add(_ids[$"<0x{b:X2}>"]);
        }
    }
}
