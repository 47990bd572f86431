using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Training;
using ExtProcRouter.Tests.IntentModel.Encoder;
using ExtProcRouter.Tests.IntentModel.Tokenizer;

namespace ExtProcRouter.Tests.IntentModel.Training;

/// <summary>
/// The int8 encoder quantizes activations once per run, so the training cache must not depend on which texts were
/// missing when it was filled: that is what makes `train --int8` reproduce a head from any earlier cache.
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class EmbeddingCacheOrderTests(EncoderFixture fixture)
{
    private static readonly string[] Texts =
    [
        "Fix bugs in has_close_elements.",
        "Provide a concise natural language description of the code using at most 213 characters.",
        "def f(xs):\n    return xs[0]\n\nThis crashes on an empty list. Why?",
        "Book a table for two at an Italian place tonight.",
        "What is the exchange rate from euros to yen?",
    ];

    [Fact]
    public void AnInt8EmbeddingDoesNotDependOnWhatWasCachedBefore()
    {
        using var environment = new OnnxRuntimeEnvironment();
        var embedder = Int8Embedder(environment, out var encoder);
        using (encoder)
        {
            var fresh = new EmbeddingCache(LongTextStrategy.HeadTail);
            fresh.EmbedMissing(Texts, embedder, null, CancellationToken.None);
            var prefilled = new EmbeddingCache(LongTextStrategy.HeadTail);
            prefilled.EmbedMissing([Texts[1], Texts[3]], embedder, null, CancellationToken.None);
            prefilled.EmbedMissing(Texts, embedder, null, CancellationToken.None);

            foreach (var text in Texts) Assert.Equal(Vector(fresh, text), Vector(prefilled, text));
        }
    }

    [Fact]
    public void InOneBatchTheInt8EmbeddingsDependOnTheirBatchMates()
    {
        // Why the cache embeds one text per run: the same texts embedded together get other vectors than alone.
        using var environment = new OnnxRuntimeEnvironment();
        var embedder = Int8Embedder(environment, out var encoder);
        using (encoder)
        {
            var together = embedder.Embed(Texts);

            Assert.Contains(Enumerable.Range(0, Texts.Length), i => !together[i].SequenceEqual(embedder.Embed([Texts[i]])[0]));
        }
    }

    private TextEmbedder Int8Embedder(OnnxRuntimeEnvironment environment, out SentenceEncoder encoder)
    {
        encoder = new SentenceEncoder(environment, fixture.Int8ModelPath, new OnnxSessionOptions { IntraOpThreads = 1 });
        return new TextEmbedder(new TokenizerFixture().Tokenizer, encoder);
    }

    private static float[] Vector(EmbeddingCache cache, string text) =>
        cache.TryGet(text, out var vector) ? vector : throw new InvalidOperationException("not cached: " + text);
}
