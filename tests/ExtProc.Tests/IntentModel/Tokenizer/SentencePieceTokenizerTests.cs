using System.Text.Json;
using ExtProcRouter.IntentModel.Tokenizer;

namespace ExtProcRouter.Tests.IntentModel.Tokenizer;

public sealed class SentencePieceTokenizerTests(TokenizerFixture fixture) : IClassFixture<TokenizerFixture>
{
    private readonly SentencePieceTokenizer _tokenizer = fixture.Tokenizer;

    public static TheoryData<int, string, int[]> ReferenceCases()
    {
        // Recorded once with the JS tokenizer: scripts/reference/tokenizer/record.js.
        var path = Path.Combine(TokenizerFixture.SourceFolder(), "UseLiteTokenizerReference.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var data = new TheoryData<int, string, int[]>();
        var index = 0;
        foreach (var item in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var ids = item.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            data.Add(index++, item.GetProperty("text").GetString()!, ids);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Encode_matches_the_JS_reference_exactly(int caseIndex, string text, int[] expected)
    {
        var actual = _tokenizer.Encode(text);
        Assert.True(expected.SequenceEqual(actual),
            $"case {caseIndex} '{text}': expected [{string.Join(',', expected)}] got [{string.Join(',', actual)}]");
    }

    [Fact]
    public void Reference_file_covers_unknowns_long_texts_and_the_zero_score_piece()
    {
        var cases = ReferenceCases().Select(row => (int[])row[2]).ToList();
        Assert.True(cases.Count >= 50);
        Assert.Contains(cases, ids => ids.Contains(SentencePieceTokenizer.UnknownId));
        Assert.Contains(cases, ids => ids.Length > TokenWindow.DefaultSize);
        Assert.Contains(cases, ids => ids.Contains(5920)); // ":00", the only non-reserved piece scored 0
        Assert.Contains(cases, ids => ids.Contains(4464)); // "”5", listed three times: the last id wins
    }

    [Fact]
    public void Vocabulary_has_the_published_size()
    {
        Assert.Equal(8000, _tokenizer.Vocabulary.Count);
        Assert.Equal("▁the", _tokenizer.Vocabulary.Piece(9));
    }

    [Fact]
    public void Consecutive_unknown_symbols_merge_into_one_unknown_id()
    {
        var ids = _tokenizer.Encode("a\t\t\tb");
        Assert.Single(ids, SentencePieceTokenizer.UnknownId);
    }

    [Fact]
    public void Lone_surrogates_do_not_throw_and_become_unknown()
    {
        var ids = _tokenizer.Encode("ok \uD800 fine");
        Assert.Contains(SentencePieceTokenizer.UnknownId, ids);
        Assert.Equal(_tokenizer.Encode("ok \uFFFD fine"), ids);
    }

    [Fact]
    public void Reserved_control_pieces_are_never_matched_from_text()
    {
        var ids = _tokenizer.Encode("<s></s>");
        Assert.DoesNotContain(1, ids);
        Assert.DoesNotContain(2, ids);
    }

    [Fact]
    public void Encoding_ascii_into_a_reused_list_allocates_nothing_after_warm_up()
    {
        var text = string.Concat(Enumerable.Repeat("Please refactor this function so that it handles empty input and returns early. ", 20));
        Assert.Equal(0, AllocatedBytesPerEncode(text));
    }

    [Fact]
    public void Encoding_non_ascii_allocates_only_a_small_constant_for_the_normalisation_call()
    {
        // The ICU normalisation calls allocate a little; nothing grows with the text.
        var shortText = "café ﬁne 日本語 😀 and returns early.";
        var longText = string.Concat(Enumerable.Repeat(shortText, 50));
        Assert.InRange(AllocatedBytesPerEncode(shortText), 0, 512);
        Assert.InRange(AllocatedBytesPerEncode(longText), 0, 512);
    }

    private long AllocatedBytesPerEncode(string text)
    {
        var ids = new List<int>(4096);
        for (var i = 0; i < 3; i++)
        {
            ids.Clear();
            _tokenizer.Encode(text, ids);
        }
        const int Rounds = 10;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            ids.Clear();
            _tokenizer.Encode(text, ids);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(_tokenizer.Encode(text), ids);
        return allocated / Rounds;
    }

    [Fact]
    public void Head_tail_keeps_the_start_and_the_end_of_long_texts()
    {
        var words = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? "alpha" : "omega");
        var text = "START " + string.Join(' ', words) + " FINISH";
        var full = _tokenizer.Encode(text);
        var clipped = _tokenizer.EncodeHeadTail(text);
        Assert.Equal(TokenWindow.DefaultSize, clipped.Length);
        Assert.Equal(full[..76], clipped[..76]);
        Assert.Equal(full[^52..], clipped[76..]);
    }

    [Fact]
    public void Chunks_concatenate_back_to_the_full_sequence()
    {
        var text = string.Join(' ', Enumerable.Repeat("the router reads every word of this sentence", 60));
        var full = _tokenizer.Encode(text);
        var chunks = _tokenizer.EncodeChunks(text);
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, TokenWindow.DefaultSize));
        Assert.Equal(full, chunks.SelectMany(c => c));
        Assert.Equal((full.Length + 127) / 128, chunks.Length);
    }
}
