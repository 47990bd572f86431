using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.Tests.IntentModel.Onnx;

namespace ExtProcRouter.Tests.IntentModel.Encoder;

[Collection(EncoderCollection.Name)]
public sealed class SentenceEncoderTests(EncoderFixture fixture)
{
    [Fact]
    public void EmbeddingsAreUnitLength512Vectors()
    {
        var embedding = fixture.Encoder.Embed(new[] { 9, 10, 11 });

        Assert.Equal(SentenceEncoder.Dimensions, embedding.Length);
        Assert.Equal(1.0, Math.Sqrt(embedding.Sum(v => (double)v * v)), 5);
    }

    [Fact]
    public void PaddingInABatchDoesNotChangeAnEmbedding()
    {
        int[] shortSequence = [16, 18, 19];
        // Close enough in length to share a run, so the short one is padded.
        var longSequence = Enumerable.Range(100, 3 + SentenceEncoder.PaddingWasteLimit).ToArray();

        var alone = fixture.Encoder.Embed(shortSequence);
        var batched = fixture.Encoder.Embed([longSequence, shortSequence]);

        Assert.True(EncoderConverterTests.MaxAbsDifference(alone, batched[1]) < 1e-5f);
    }

    [Fact]
    public void DifferentSentencesGetDifferentEmbeddings()
    {
        var embeddings = fixture.Encoder.Embed(fixture.Reference.Take(3).Select(r => r.Ids).ToArray());

        Assert.True(EncoderConverterTests.MaxAbsDifference(embeddings[0], embeddings[1]) > 1e-2f);
        Assert.True(EncoderConverterTests.MaxAbsDifference(embeddings[1], embeddings[2]) > 1e-2f);
    }

    [Fact]
    public void TokensBeyondTheWindowAreIgnored()
    {
        var window = Enumerable.Range(6, SentenceEncoder.MaxTokens).ToArray();
        var longer = window.Concat([42, 43, 44]).ToArray();

        Assert.Equal(fixture.Encoder.Embed(window), fixture.Encoder.Embed(longer));
    }

    [Fact]
    public void WritesIntoACallerBuffer()
    {
        var destination = new float[2 * SentenceEncoder.Dimensions + 3];
        ReadOnlyMemory<int>[] sequences = [new[] { 9 }, new[] { 10, 11 }];

        fixture.Encoder.Embed(sequences, destination);

        Assert.Equal(fixture.Encoder.Embed(new[] { 10, 11 }), destination.AsSpan(SentenceEncoder.Dimensions, SentenceEncoder.Dimensions).ToArray());
        Assert.Equal([0f, 0f, 0f], destination[^3..]);
    }

    [Fact]
    public void EmptyBatchAndEmptySequenceAreHandled()
    {
        Assert.Empty(fixture.Encoder.Embed(Array.Empty<int[]>()));
        var empty = fixture.Encoder.Embed(ReadOnlySpan<int>.Empty);
        Assert.Equal(1.0, Math.Sqrt(empty.Sum(v => (double)v * v)), 5);
    }

    [Fact]
    public void TokenIdOutsideTheVocabularyIsAClearError()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Encoder.Embed([new[] { 5, 8002 }]));
        Assert.Contains("position 1: token id 8002", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Encoder.Embed(new[] { -1 }));
    }

    [Fact]
    public void TooSmallDestinationIsRejected()
    {
        Assert.Throws<ArgumentException>(() => fixture.Encoder.Embed([new[] { 5 }], new float[10]));
    }

    [Fact]
    public void SimilarLengthsShareOneRunPaddedWithMinusOne()
    {
        var session = new RecordingEncoderSession();
        using (var encoder = new SentenceEncoder(session))
        {
            var embeddings = encoder.Embed([Enumerable.Range(10, 12).ToArray(), Enumerable.Range(30, 10).ToArray(), Enumerable.Range(50, 11).ToArray()]);

            var (ids, shape) = Assert.Single(session.Calls);
            Assert.Equal([3L, 12L], shape);
            Assert.Equal([30, 31, 32, 33, 34, 35, 36, 37, 38, 39, -1, -1], ids[..12]);
            Assert.Equal([10f, 30f, 50f], embeddings.Select(e => e[0]));
        }
        Assert.True(session.Disposed);
    }

    [Fact]
    public void VeryDifferentLengthsRunSeparatelyAndLongOnesAreClippedToTheWindow()
    {
        var session = new RecordingEncoderSession();
        using var encoder = new SentenceEncoder(session);

        var embeddings = encoder.Embed([new[] { 5, 6 }, Enumerable.Range(1, 200).ToArray(), []]);

        var calls = session.Calls.OrderBy(c => c.Shape[1]).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal([2L, 2L], calls[0].Shape);
        Assert.Equal([-1, -1, 5, 6], calls[0].Ids);
        Assert.Equal([1L, 128L], calls[1].Shape);
        Assert.Equal(Enumerable.Range(1, 128), calls[1].Ids);
        Assert.Equal([5f, 1f, -1f], embeddings.Select(e => e[0]));
    }

    [Fact]
    public void SeparateRunsOfOneCallRunAtTheSameTime()
    {
        // Each run waits for the other: if the two groups ran one after the other, the first would time out.
        using var rendezvous = new Barrier(2);
        using var encoder = new SentenceEncoder(new RecordingEncoderSession { RendezvousOfRuns = rendezvous });

        var embeddings = encoder.Embed([new[] { 5, 6 }, Enumerable.Range(1, 100).ToArray()]);

        Assert.Equal([5f, 1f], embeddings.Select(e => e[0]));
    }

    [Fact]
    public void AnInt8EmbeddingFromConcurrentRunsIsBitForBitItsGroupsAloneEmbedding()
    {
        // int8 activations are quantized per run, so this holds only because every group stays one run of its own rows.
        using var environment = new OnnxRuntimeEnvironment();
        using var encoder = new SentenceEncoder(environment, fixture.Int8ModelPath);
        int[] shortSequence = [16, 18, 19, 22];
        var longSequence = Enumerable.Range(200, 110).ToArray();
        var shortAlone = encoder.Embed([shortSequence])[0];
        var longAlone = encoder.Embed([longSequence])[0];

        for (var attempt = 0; attempt < 20; attempt++)
        {
            var together = encoder.Embed([shortSequence, longSequence]);

            Assert.Equal(shortAlone, together[0]);
            Assert.Equal(longAlone, together[1]);
        }
    }

    [Fact]
    public void TokenStatesAreCutToEachSequencesOwnLength()
    {
        using var encoder = new SentenceEncoder(new RecordingEncoderSession());

        var batch = encoder.EmbedWithTokenStates([new[] { 7 }, new[] { 8, 9, 10 }]);

        Assert.Equal(SentenceEncoder.Dimensions, batch.TokenStates[0].Length);
        Assert.Equal(3 * SentenceEncoder.Dimensions, batch.TokenStates[1].Length);
        Assert.Equal(10f, batch.TokenStates[1][2 * SentenceEncoder.Dimensions]);
    }

    [Fact]
    public void ModelThatIsNotAnEncoderIsRejected()
    {
        var session = fixture.Environment.CreateSession(TestModels.Double());

        var error = Assert.Throws<ArgumentException>(() => new SentenceEncoder(session));

        Assert.Contains(EncoderGraphNames.TokenIds, error.Message);
        Assert.Throws<ObjectDisposedException>(() => session.Run([InferenceInput.Float("x", new float[1], 1)], ["y"]));
    }
}
