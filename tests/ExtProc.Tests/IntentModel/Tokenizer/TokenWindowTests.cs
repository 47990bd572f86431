using ExtProcRouter.IntentModel.Tokenizer;

namespace ExtProcRouter.Tests.IntentModel.Tokenizer;

public sealed class TokenWindowTests
{
    [Fact]
    public void Head_tail_returns_short_sequences_unchanged()
    {
        int[] ids = [1, 2, 3];
        Assert.Equal(ids, TokenWindow.HeadTail(ids, 5));
    }

    [Fact]
    public void Head_tail_splits_sixty_forty()
    {
        var ids = Enumerable.Range(0, 20).ToArray();
        Assert.Equal([0, 1, 2, 3, 4, 5, 16, 17, 18, 19], TokenWindow.HeadTail(ids, 10));
    }

    [Fact]
    public void Chunks_are_balanced_and_cover_everything()
    {
        var ids = Enumerable.Range(0, 130).ToArray();
        var chunks = TokenWindow.Chunks(ids, 128);
        Assert.Equal([65, 65], chunks.Select(c => c.Length));
        Assert.Equal(ids, chunks.SelectMany(c => c));
    }

    [Fact]
    public void Chunks_of_an_empty_sequence_is_one_empty_window()
    {
        var chunks = TokenWindow.Chunks([], 128);
        Assert.Single(chunks);
        Assert.Empty(chunks[0]);
    }

    [Fact]
    public void Window_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenWindow.HeadTail([1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenWindow.Chunks([1], 0));
    }
}
