using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.Tests.IntentModel.Moe;

public sealed class TokenWindowEmbeddingCacheTests
{
    private static readonly TokenWindowKey A = new([1, 2, 3]);
    private static readonly TokenWindowKey B = new([1, 2, 4]);
    private static readonly TokenWindowKey C = new([1, 2]);

    [Fact]
    public void AnAddedWindowIsFoundWithItsEmbedding()
    {
        var cache = new TokenWindowEmbeddingCache(capacity: 4);
        cache.Add(A, [0.5f, -1f, 2f]);

        var found = new float[3];
        Assert.True(cache.TryCopyTo(A, found));
        Assert.Equal([0.5f, -1f, 2f], found);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(0, cache.Misses);
    }

    [Fact]
    public void NeitherTheAddedArrayNorTheCopyOutShareMemoryWithTheCache()
    {
        var cache = new TokenWindowEmbeddingCache(capacity: 4);
        var added = new[] { 1f, 2f };
        cache.Add(A, added);
        added[0] = 99f;
        var first = new float[2];
        cache.TryCopyTo(A, first);
        first[1] = 99f;

        var second = new float[2];
        cache.TryCopyTo(A, second);
        Assert.Equal([1f, 2f], second);
    }

    [Fact]
    public void DifferentWindowsAreDifferentEntries()
    {
        var cache = new TokenWindowEmbeddingCache(capacity: 4);
        cache.Add(A, [1f]);
        cache.Add(B, [2f]);
        cache.Add(C, [3f]);

        Assert.Equal(3, cache.Count);
        foreach (var (key, expected) in new[] { (A, 1f), (B, 2f), (C, 3f) })
        {
            var found = new float[1];
            Assert.True(cache.TryCopyTo(key, found));
            Assert.Equal(expected, found[0]);
        }
    }

    [Fact]
    public void WhenFullTheLeastRecentlyUsedWindowIsEvicted()
    {
        var cache = new TokenWindowEmbeddingCache(capacity: 2);
        cache.Add(A, [1f]);
        cache.Add(B, [2f]);
        cache.TryCopyTo(A, new float[1]); // A is now more recent than B

        cache.Add(C, [3f]);

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryCopyTo(B, new float[1]));
        Assert.True(cache.TryCopyTo(A, new float[1]));
        Assert.True(cache.TryCopyTo(C, new float[1]));
    }

    [Fact]
    public void AddingAWindowAgainReplacesItsEmbeddingWithoutGrowing()
    {
        var cache = new TokenWindowEmbeddingCache(capacity: 2);
        cache.Add(A, [1f]);
        cache.Add(B, [2f]);
        cache.Add(A, [5f]);
        cache.Add(C, [3f]); // evicts B: re-adding A made it the most recent

        var found = new float[1];
        Assert.True(cache.TryCopyTo(A, found));
        Assert.Equal(5f, found[0]);
        Assert.False(cache.TryCopyTo(B, new float[1]));
    }

    [Fact]
    public void CapacityZeroKeepsNothing()
    {
        var cache = new TokenWindowEmbeddingCache(capacity: 0);
        cache.Add(A, [1f]);

        Assert.False(cache.TryCopyTo(A, new float[1]));
        Assert.Equal(0, cache.Count);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void ANegativeCapacityIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenWindowEmbeddingCache(capacity: -1));
    }
}
