using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.Tests.IntentModel.Tokenizer;

namespace ExtProcRouter.Tests.IntentModel.Moe;

/// <summary>The embedder with and without its window cache, over an encoder stand-in that counts what it encodes.</summary>
public sealed class TextEmbedderTests
{
    private static readonly SentencePieceTokenizer Tokenizer = new TokenizerFixture().Tokenizer;

    /// <summary>A pasted file: far longer than the 128-token window.</summary>
    private static readonly string PastedFile = string.Concat(Enumerable.Range(0, 60).Select(i => $"def step_{i}(x):\n    return x + {i}\n\n"));

    private readonly WindowDigestEncoderSession _session = new();

    [Fact]
    public void AnEarlierTurnEmbeddedBeforeIsNotEncodedAgain()
    {
        var embedder = CachingEmbedder(capacity: 16);
        var first = embedder.Embed([PastedFile]);

        var second = embedder.Embed(["Now add type hints.", PastedFile]);

        Assert.Equal(2, _session.RowsEncoded); // the file once, the follow-up once
        Assert.Equal(first[0], second[1]);
        Assert.Equal(Expected("Now add type hints."), second[0]);
        Assert.Equal(1, embedder.Cache!.Hits);
    }

    [Fact]
    public void TextsThatDifferOnlyOutsideTheWindowShareOneEntry()
    {
        var embedder = CachingEmbedder(capacity: 16);
        var middle = PastedFile.Length / 2;
        var edited = PastedFile[..middle] + "# a comment in the middle\n" + PastedFile[middle..];
        Assert.Equal(Tokenizer.EncodeHeadTail(PastedFile), Tokenizer.EncodeHeadTail(edited));

        embedder.Embed([PastedFile]);
        var again = embedder.Embed([edited]);

        Assert.Equal(1, _session.RowsEncoded);
        Assert.Equal(Expected(PastedFile), again[0]);
    }

    [Fact]
    public void DifferentWindowsAreEncodedSeparately()
    {
        var embedder = CachingEmbedder(capacity: 16);

        var vectors = embedder.Embed(["fix the bug", "fix the bugs", "Fix the bug please"]);
        embedder.Embed(["fix the bugs"]);

        Assert.Equal(3, _session.RowsEncoded);
        Assert.Equal(3, embedder.Cache!.Count);
        Assert.Equal(Expected("fix the bug"), vectors[0]);
        Assert.Equal(Expected("fix the bugs"), vectors[1]);
        Assert.Equal(Expected("Fix the bug please"), vectors[2]);
    }

    [Fact]
    public void AWindowTwiceInOneCallIsEncodedOnceButEachTextGetsItsOwnArray()
    {
        var embedder = CachingEmbedder(capacity: 16);

        var vectors = embedder.Embed(["explain this", "explain this"]);

        Assert.Equal(1, _session.RowsEncoded);
        Assert.Equal(vectors[0], vectors[1]);
        Assert.NotSame(vectors[0], vectors[1]);
    }

    [Fact]
    public void ChangingAReturnedVectorDoesNotChangeWhatTheCacheReturns()
    {
        var embedder = CachingEmbedder(capacity: 16);
        var first = embedder.Embed(["explain this"]);
        first[0][0] = 42f;

        Assert.Equal(Expected("explain this"), embedder.Embed(["explain this"])[0]);
    }

    [Fact]
    public void AtCapacityTheOldestWindowIsEncodedAgain()
    {
        var embedder = CachingEmbedder(capacity: 2);
        embedder.Embed(["first text"]);
        embedder.Embed(["second text"]);
        embedder.Embed(["third text"]);

        embedder.Embed(["first text"]);

        Assert.Equal(4, _session.RowsEncoded);
        Assert.Equal(2, embedder.Cache!.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithoutACacheOrWithCapacityZeroEveryCallEncodes(bool withDisabledCache)
    {
        var embedder = new TextEmbedder(Tokenizer, new SentenceEncoder(_session), cache: withDisabledCache ? new TokenWindowEmbeddingCache(0) : null);

        embedder.Embed([PastedFile]);
        var again = embedder.Embed([PastedFile]);

        Assert.Equal(2, _session.RowsEncoded);
        Assert.Equal(Expected(PastedFile), again[0]);
    }

    [Fact]
    public void ChunkMeanCachesEachChunk()
    {
        var cached = new TextEmbedder(Tokenizer, new SentenceEncoder(_session), LongTextStrategy.ChunkMean, new TokenWindowEmbeddingCache(16));
        var uncached = new TextEmbedder(Tokenizer, new SentenceEncoder(new WindowDigestEncoderSession()), LongTextStrategy.ChunkMean);
        var chunks = Tokenizer.EncodeChunks(PastedFile).Length;
        Assert.True(chunks > 1);

        cached.Embed([PastedFile]);
        var again = cached.Embed([PastedFile]);

        Assert.Equal(chunks, _session.RowsEncoded);
        Assert.Equal(uncached.Embed([PastedFile])[0], again[0]);
    }

    [Fact]
    public void ParallelEmbedsOfOverlappingTextsGetTheirOwnVectors()
    {
        var embedder = CachingEmbedder(capacity: 8); // smaller than the set of texts: evictions race with lookups
        var texts = Enumerable.Range(0, 24).Select(i => i % 3 == 0 ? $"{i} {PastedFile}" : $"request {i}: what does this do?").ToArray();
        var expected = texts.Select(Expected).ToArray();
        var wrong = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, call =>
        {
            var picked = Enumerable.Range(0, 4).Select(k => (call * 7 + k * 5) % texts.Length).ToArray();
            var vectors = embedder.Embed(picked.Select(p => texts[p]).ToArray());
            for (var k = 0; k < picked.Length; k++)
            {
                if (!vectors[k].AsSpan().SequenceEqual(expected[picked[k]])) Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
        Assert.True(embedder.Cache!.Hits > 0);
        Assert.Equal(400 * 4, embedder.Cache.Hits + embedder.Cache.Misses);
        Assert.InRange(embedder.Cache.Count, 1, 8);
    }

    private TextEmbedder CachingEmbedder(int capacity) =>
        new(Tokenizer, new SentenceEncoder(_session), cache: new TokenWindowEmbeddingCache(capacity));

    private static float[] Expected(string text) => WindowDigestEncoderSession.Expected(Tokenizer.EncodeHeadTail(text));
}
