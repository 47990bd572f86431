using ExtProcRouter.Cli;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Training;
using ExtProcRouter.Tests.IntentModel.Encoder;
using ExtProcRouter.Tests.IntentModel.Tokenizer;

namespace ExtProcRouter.Tests.Cli;

/// <summary>
/// The int8 encoder quantizes activations once per run, so the training cache must not depend on which texts were
/// missing when it was filled: that is what makes `train --int8` reproduce a head from any earlier cache.
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class TrainCommandEmbeddingOrderTests(EncoderFixture fixture)
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
    public void WithTheTrainingBatchSizeAnInt8EmbeddingDoesNotDependOnWhatWasCachedBefore()
    {
        var (fresh, prefilled) = FillTwoWays(TrainCommand.EmbeddingBatchSize);

        foreach (var text in Texts) Assert.Equal(Vector(fresh, text), Vector(prefilled, text));
    }

    [Fact]
    public void InBatchesTheInt8EmbeddingsDependOnTheirBatchMates()
    {
        // Why the batch size is 1: the same texts, cached in batches of different make-up, get different vectors.
        var (fresh, prefilled) = FillTwoWays(batchSize: 32);

        Assert.Contains(Texts, text => !Vector(fresh, text).SequenceEqual(Vector(prefilled, text)));
    }

    /// <summary>One cache filled with all texts at once; another that first held two of them from an earlier run.</summary>
    private (EmbeddingCache Fresh, EmbeddingCache Prefilled) FillTwoWays(int batchSize)
    {
        using var environment = new OnnxRuntimeEnvironment();
        using var encoder = new SentenceEncoder(environment, fixture.Int8ModelPath, new OnnxSessionOptions { IntraOpThreads = 1 });
        var embedder = new TextEmbedder(new TokenizerFixture().Tokenizer, encoder);
        var fresh = new EmbeddingCache(LongTextStrategy.HeadTail);
        fresh.EmbedMissing(Texts, embedder, batchSize, null, CancellationToken.None);
        var prefilled = new EmbeddingCache(LongTextStrategy.HeadTail);
        prefilled.EmbedMissing([Texts[1], Texts[3]], embedder, batchSize, null, CancellationToken.None);
        prefilled.EmbedMissing(Texts, embedder, batchSize, null, CancellationToken.None);
        return (fresh, prefilled);
    }

    private static float[] Vector(EmbeddingCache cache, string text) =>
        cache.TryGet(text, out var vector) ? vector : throw new InvalidOperationException("not cached: " + text);
}
