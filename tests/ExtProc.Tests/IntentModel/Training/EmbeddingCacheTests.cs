using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Training;
using ExtProcRouter.Tests.IntentModel.Encoder;
using ExtProcRouter.Tests.IntentModel.Tokenizer;

namespace ExtProcRouter.Tests.IntentModel.Training;

public sealed class EmbeddingCacheTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("embedding-cache-").FullName;
    private readonly RecordingEncoderSession _session = new();
    private readonly TextEmbedder _embedder;

    public EmbeddingCacheTests() =>
        _embedder = new TextEmbedder(new TokenizerFixture().Tokenizer, new SentenceEncoder(_session), LongTextStrategy.HeadTail);

    [Fact]
    public void EmbedsEachDistinctTextOnceAndReloadsWhatItSaved()
    {
        var path = Path.Combine(_directory, "cache.bin");
        var cache = EmbeddingCache.Load(path, LongTextStrategy.HeadTail);

        cache.EmbedMissing(["hello world", "fix the bug", "hello world"], _embedder, progress: null, CancellationToken.None);
        cache.SaveAdded(path);
        var reloaded = EmbeddingCache.Load(path, LongTextStrategy.HeadTail);
        reloaded.EmbedMissing(["fix the bug"], _embedder, progress: null, CancellationToken.None);

        Assert.Equal(2, cache.Count);
        Assert.Equal(2, _session.Calls.Count); // one run per distinct text; the reload found both
        Assert.True(reloaded.TryGet("hello world", out var embedding));
        Assert.True(cache.TryGet("hello world", out var original));
        Assert.Equal(original, embedding);
    }

    [Fact]
    public void AnotherStrategyDoesNotReuseTheEntries()
    {
        var path = Path.Combine(_directory, "cache.bin");
        var cache = EmbeddingCache.Load(path, LongTextStrategy.HeadTail);
        cache.EmbedMissing(["hello world"], _embedder, null, CancellationToken.None);
        cache.SaveAdded(path);

        Assert.False(EmbeddingCache.Load(path, LongTextStrategy.ChunkMean).TryGet("hello world", out _));
    }

    [Fact]
    public void ATornLastEntryIsIgnored()
    {
        var path = Path.Combine(_directory, "cache.bin");
        var cache = EmbeddingCache.Load(path, LongTextStrategy.HeadTail);
        cache.EmbedMissing(["one", "two"], _embedder, null, CancellationToken.None);
        cache.SaveAdded(path);
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length - 100);

        Assert.Equal(1, EmbeddingCache.Load(path, LongTextStrategy.HeadTail).Count);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
