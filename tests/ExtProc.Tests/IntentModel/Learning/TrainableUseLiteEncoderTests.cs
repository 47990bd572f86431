using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class TrainableUseLiteEncoderTests
{
    // Small, but wide enough that the matrix kernels' vector paths run (8 floats per vector here).
    internal static readonly UseLiteDimensions Tiny = new(VocabularyRows: 12, EmbeddingWidth: 16, ModelWidth: 32, FeedForwardWidth: 40, Heads: 2);
    private static readonly int[] Sequence = [3, 7, 1, 7, 10];

    [Fact]
    public void EveryParameterGradientMatchesFiniteDifferences()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 1);
        var weights = GradientCheck.RandomArray(new Random(2), Tiny.ModelWidth);
        var pass = encoder.Forward(Sequence);

        pass.Backward(weights);

        double Loss()
        {
            var embedding = new float[Tiny.ModelWidth];
            encoder.Embed(Sequence, embedding);
            return GradientCheck.Projection(embedding, weights);
        }
        foreach (var parameter in encoder.AllParameters)
        {
            // ε trades float rounding in the loss (worse when smaller) against ReLU corners and curvature (worse when
            // larger); for this seed the worst error is 2e-2 at 1e-3, 7.5e-3 at 2e-3, 4.4e-3 at 5e-3, 8e-3 at 1e-2.
            var worst = GradientCheck.WorstRelativeError(parameter.Value, parameter.Gradient, Loss, samples: 12, epsilon: 5e-3f);
            Assert.True(worst < GradientCheck.Threshold, $"{parameter.Name}: relative error {worst}");
        }
        var table = encoder.AllParameters[0];
        Assert.True(GradientCheck.WorstRelativeError(table.Value, GradientCheck.Corrupted(table.Gradient, 3 * Tiny.EmbeddingWidth + 2), Loss, samples: table.Value.Length, epsilon: 5e-3f) > GradientCheck.Threshold);
    }

    [Fact]
    public void EmbeddingsAreUnitLength()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 1);

        var pass = encoder.Forward(Sequence);

        Assert.Equal(1.0, Math.Sqrt(pass.Embedding.ToArray().Sum(v => (double)v * v)), 5);
    }

    [Fact]
    public void TheSameSeedGivesTheSameEncoder()
    {
        var first = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 5);
        var second = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 5);
        var third = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 6);

        Assert.Equal(first.Forward(Sequence).Embedding.ToArray(), second.Forward(Sequence).Embedding.ToArray());
        Assert.NotEqual(first.Forward(Sequence).Embedding.ToArray(), third.Forward(Sequence).Embedding.ToArray());
    }

    [Fact]
    public void ConcurrentBackwardPassesAddUpToTheSequentialGradients()
    {
        var sequences = Enumerable.Range(0, 16).Select(i => Enumerable.Range(0, 1 + i % 9).Select(t => (t * 5 + i) % Tiny.VocabularyRows).ToArray()).ToArray();
        var weights = GradientCheck.RandomArray(new Random(3), Tiny.ModelWidth);
        var sequential = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 4);
        var concurrent = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 4);

        foreach (var sequence in sequences) sequential.Forward(sequence).Backward(weights);
        Parallel.ForEach(sequences, new ParallelOptions { MaxDegreeOfParallelism = 4 }, sequence => concurrent.Forward(sequence).Backward(weights));

        for (var p = 0; p < sequential.AllParameters.Count; p++)
        {
            var expected = sequential.AllParameters[p].Gradient;
            var actual = concurrent.AllParameters[p].Gradient;
            // Only the order of float additions differs between the two.
            for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5);
        }
    }

    [Fact]
    public void FrozenEmbeddingsGetNoGradientAndAreNotOffered()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 1);
        encoder.Freezing = EncoderFreezing.Embeddings;
        var table = encoder.AllParameters.Single(p => p.Name == UseLiteWeightNames.Embeddings);

        encoder.Forward(Sequence).Backward(GradientCheck.RandomArray(new Random(1), Tiny.ModelWidth));

        Assert.DoesNotContain(table, encoder.Parameters);
        Assert.All(table.Gradient, g => Assert.Equal(0f, g));
        Assert.Equal(encoder.AllParameters.Count - 1, encoder.Parameters.Count);
        Assert.All(encoder.Parameters, p => Assert.Contains(p.Gradient, g => g != 0f));
    }

    [Fact]
    public void FreezingTheLowerLayerStopsBackwardAtLayerOne()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 1);
        encoder.Freezing = EncoderFreezing.EmbeddingsAndLowerLayer;

        encoder.Forward(Sequence).Backward(GradientCheck.RandomArray(new Random(1), Tiny.ModelWidth));

        var frozen = encoder.AllParameters.Except(encoder.Parameters).ToList();
        // Embeddings, layer 0's 12 tensors and the residual projection's 2.
        Assert.Equal(15, frozen.Count);
        Assert.All(frozen, p => Assert.True(p.Name == UseLiteWeightNames.Embeddings || p.Name.Contains("Layer_0/", StringComparison.Ordinal), p.Name));
        Assert.All(frozen, p => Assert.All(p.Gradient, g => Assert.Equal(0f, g)));
        Assert.All(encoder.Parameters, p => Assert.Contains(p.Gradient, g => g != 0f));
    }

    [Fact]
    public void APassIsBackpropagatedOnce()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 1);
        var pass = encoder.Forward(Sequence);
        var gradient = new float[Tiny.ModelWidth];
        pass.Backward(gradient);

        Assert.Throws<InvalidOperationException>(() => pass.Backward(gradient));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TrainableUseLiteEncoder.MaxTokens + 1)]
    public void RejectsSequencesOutsideTheWindow(int length)
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(Tiny, seed: 1);

        Assert.Throws<ArgumentException>(() => encoder.Forward(new int[length]));
    }
}
