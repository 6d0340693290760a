using TtsOrchestrator.LlamaCpp.Gguf;

namespace TtsOrchestrator.LlamaCpp.Tests.Gguf;

public class SpmVocabularyTests
{
    [Fact]
    public void Special_tokens_have_fixed_ids_and_types()
    {
        var vocab = SpmVocabulary.Create(512);

        Assert.Equal(["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"], vocab.Tokens.Take(5));
        Assert.Equal([SpmTokenType.Unknown, SpmTokenType.Control, SpmTokenType.Control, SpmTokenType.Control, SpmTokenType.Control], vocab.Types.Take(5));
        Assert.Equal(0, vocab.IdOf("<unk>"));
        Assert.Equal(SpmVocabulary.BosId, vocab.IdOf("<s>"));
        Assert.Equal(SpmVocabulary.ImStartId, vocab.IdOf("<|im_start|>"));
        Assert.Equal(SpmVocabulary.EosId, vocab.IdOf("<|im_end|>"));
    }

    [Fact]
    public void All_256_byte_tokens_follow_the_specials()
    {
        var vocab = SpmVocabulary.Create(512);

        for (var b = 0; b < 256; b++)
        {
            Assert.Equal($"<0x{b:X2}>", vocab.Tokens[5 + b]);
            Assert.Equal(SpmTokenType.Byte, vocab.Types[5 + b]);
        }
        Assert.Equal(5 + 10, vocab.IdOf("<0x0A>")); // '\n' goes through byte fallback
    }

    [Fact]
    public void Printable_ascii_characters_are_tokens_with_space_as_the_marker()
    {
        var vocab = SpmVocabulary.Create(512);

        Assert.Equal(261, vocab.IdOf(SpmVocabulary.SpaceMarker));
        Assert.Equal(-1, vocab.IdOf(" "));
        foreach (var c in SpmVocabulary.PrintableAscii.Where(c => c != ' '))
            Assert.Equal(SpmTokenType.Normal, vocab.Types[vocab.IdOf(c.ToString())]);
    }

    [Theory]
    [InlineData(356)]
    [InlineData(512)]
    [InlineData(8192)]
    public void Has_exactly_the_requested_size_without_duplicates(int size)
    {
        var vocab = SpmVocabulary.Create(size);

        Assert.Equal(size, vocab.Count);
        Assert.Equal(size, vocab.Scores.Count);
        Assert.Equal(size, vocab.Types.Count);
        Assert.Equal(size, vocab.Tokens.Distinct().Count());
    }

    [Fact]
    public void Every_filler_piece_can_be_merged_from_two_earlier_pieces_and_scores_fall()
    {
        var vocab = SpmVocabulary.Create(8192);
        var firstFiller = 5 + 256 + SpmVocabulary.PrintableAscii.Length;
        var known = vocab.Tokens.Take(firstFiller).ToHashSet();

        for (var id = firstFiller; id < vocab.Count; id++)
        {
            var piece = vocab.Tokens[id];
            Assert.Contains(Enumerable.Range(1, piece.Length - 1), cut => known.Contains(piece[..cut]) && known.Contains(piece[cut..]));
            Assert.True(vocab.Scores[id] < vocab.Scores[id - 1] || id == firstFiller);
            Assert.True(vocab.Scores[id] < 0);
            known.Add(piece);
        }
    }

    [Fact]
    public void A_task_specific_character_set_replaces_printable_ascii()
    {
        var vocab = SpmVocabulary.Create(5 + 256 + 13, "0123456789+= 0");

        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "=", SpmVocabulary.SpaceMarker], vocab.Tokens.Skip(261));
    }

    [Fact]
    public void A_size_below_the_fixed_tokens_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpmVocabulary.Create(300));
    }
}
