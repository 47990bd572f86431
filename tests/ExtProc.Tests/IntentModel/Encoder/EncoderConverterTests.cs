using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Onnx;
using Xunit.Abstractions;

namespace ExtProcRouter.Tests.IntentModel.Encoder;

[Collection(EncoderCollection.Name)]
public sealed class EncoderConverterTests(EncoderFixture fixture, ITestOutputHelper output)
{
    // The ONNX graph reorders float operations (fused layer norm, different matmul blocking); differences are at
    // float32 rounding level, far below anything that changes a cosine similarity.
    private const float Tolerance = 1e-5f;

    [Fact]
    public void ConvertedGraphHasTheDocumentedInterface()
    {
        using var session = fixture.Environment.CreateSession(fixture.ModelPath);

        Assert.Equal([EncoderGraphNames.TokenIds], session.InputNames);
        Assert.Equal([EncoderGraphNames.Embeddings, EncoderGraphNames.TokenStates], session.OutputNames);
    }

    [Fact]
    public void EmbeddingsMatchTheTfjsReferenceInOneBatch()
    {
        var embeddings = fixture.Encoder.Embed(fixture.Reference.Select(r => r.Ids).ToArray());

        var worst = 0f;
        for (var i = 0; i < fixture.Reference.Count; i++)
        {
            var difference = MaxAbsDifference(fixture.Reference[i].Embedding, embeddings[i]);
            output.WriteLine($"{fixture.Reference[i].Name}: max |onnx - tfjs| = {difference:E2}");
            worst = Math.Max(worst, difference);
        }
        output.WriteLine($"worst max abs diff over {fixture.Reference.Count} sequences: {worst:E2}");
        Assert.True(worst < Tolerance, $"max abs difference {worst:E2} exceeds {Tolerance:E0}");
    }

    [Fact]
    public void EachSequenceAloneMatchesTheReference()
    {
        foreach (var reference in fixture.Reference)
        {
            var embedding = fixture.Encoder.Embed(reference.Ids);
            var difference = MaxAbsDifference(reference.Embedding, embedding);
            Assert.True(difference < Tolerance, $"{reference.Name}: max abs difference {difference:E2}");
        }
    }

    [Fact]
    public void TokenStatesMatchTheReference()
    {
        var batch = fixture.Encoder.EmbedWithTokenStates(fixture.Reference.Select(r => r.Ids).ToArray());

        var worst = 0f;
        for (var i = 0; i < fixture.Reference.Count; i++)
        {
            var reference = fixture.Reference[i];
            Assert.Equal(Math.Min(reference.Ids.Length, SentenceEncoder.MaxTokens) * SentenceEncoder.Dimensions, batch.TokenStates[i].Length);
            for (var token = 0; token < reference.TokenStates.Length; token++)
            {
                var row = batch.TokenStates[i].AsSpan(token * SentenceEncoder.Dimensions, reference.TokenStates[token].Length).ToArray();
                worst = Math.Max(worst, MaxAbsDifference(reference.TokenStates[token], row));
            }
        }
        output.WriteLine($"token states: worst max abs diff {worst:E2}");
        // States are not normalised (magnitudes of several units), so the bound is relative to that scale.
        Assert.True(worst < 5e-4f, $"token states differ by {worst:E2}");
    }

    [Fact]
    public void Int8VariantStaysCloseToTheReference()
    {
        using var encoder = new SentenceEncoder(fixture.Environment, fixture.Int8ModelPath);

        var embeddings = encoder.Embed(fixture.Reference.Select(r => r.Ids).ToArray());

        var lowest = 1.0;
        for (var i = 0; i < fixture.Reference.Count; i++)
        {
            var cosine = 0.0;
            for (var j = 0; j < SentenceEncoder.Dimensions; j++) cosine += embeddings[i][j] * fixture.Reference[i].Embedding[j];
            lowest = Math.Min(lowest, cosine);
        }
        output.WriteLine($"int8: lowest cosine to the TF.js reference {lowest:F5}");
        // Quantization moves embeddings a little (measured >= 0.9989); it must not move them far.
        Assert.InRange(lowest, 0.995, 1.0001);
        Assert.True(EncoderConverterTests.MaxAbsDifference(fixture.Reference[1].Embedding, embeddings[1]) > 1e-6f, "int8 output should not be the float32 graph");
    }

    [Fact]
    public void ConvertIfStaleSkipsAnUpToDateModel()
    {
        var before = File.GetLastWriteTimeUtc(fixture.ModelPath);

        Assert.False(EncoderConverter.ConvertIfStale(fixture.TfjsDirectory, fixture.ModelPath));
        Assert.Equal(before, File.GetLastWriteTimeUtc(fixture.ModelPath));
    }

    [Fact]
    public void MissingModelDirectoryIsAClearError()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-model-{Guid.NewGuid():N}");

        var error = Assert.Throws<FileNotFoundException>(() => EncoderConverter.Convert(missing, Path.Combine(missing, "x.onnx")));

        Assert.Contains("make setup", error.Message);
    }

    internal static float MaxAbsDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        return worst;
    }
}
