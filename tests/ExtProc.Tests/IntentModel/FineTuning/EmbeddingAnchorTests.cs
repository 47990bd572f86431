using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

public sealed class EmbeddingAnchorTests
{
    private static readonly string[] Texts = ["first text", "second text"];
    private static readonly int[][] TokenIds = [[1, 2, 3], [4, 5]];

    [Fact]
    public void ThePenaltyGradientMatchesFiniteDifferencesAndTheDriftIsTheMeanSquaredDistance()
    {
        var baseEncoder = new BagOfEmbeddingsEncoder(8, 4, seed: 1);
        var anchor = new EmbeddingAnchor(baseEncoder, weight: 3f);
        var bases = TokenIds.Select(ids => baseEncoder.Forward(ids).Embedding.ToArray()).ToArray();
        var moved = bases.Select((e, t) => e.Select((v, j) => v + 0.1f * (j + 1) * (t == 0 ? 1 : -1)).ToArray()).ToArray();
        var gradients = moved.Select(e => new float[e.Length]).ToArray();

        var drift = anchor.Apply(Texts, TokenIds, moved, gradients);

        double Penalty(float[][] embeddings) =>
            3.0 * embeddings.Select((e, t) => e.Select((v, j) => (double)(v - bases[t][j]) * (v - bases[t][j])).Sum()).Average();
        Assert.Equal(Penalty(moved) / 3.0, drift, precision: 5);
        const float step = 1e-3f;
        for (var t = 0; t < moved.Length; t++)
        for (var j = 0; j < moved[t].Length; j++)
        {
            var original = moved[t][j];
            moved[t][j] = original + step;
            var up = Penalty(moved);
            moved[t][j] = original - step;
            var down = Penalty(moved);
            moved[t][j] = original;
            Assert.Equal((up - down) / (2 * step), gradients[t][j], precision: 3);
        }
    }

    [Fact]
    public void EmbeddingsAtTheBaseCostNothingAndTheBaseEncoderIsNotTrained()
    {
        var baseEncoder = new BagOfEmbeddingsEncoder(8, 4, seed: 1);
        var table = baseEncoder.Table.Value.ToArray();
        var anchor = new EmbeddingAnchor(baseEncoder, weight: 5f);
        var bases = TokenIds.Select(ids => baseEncoder.Forward(ids).Embedding.ToArray()).ToArray();
        var gradients = bases.Select(e => new float[e.Length]).ToArray();

        Assert.Equal(0, anchor.Apply(Texts, TokenIds, bases, gradients), precision: 10);
        Assert.All(gradients.SelectMany(g => g), g => Assert.Equal(0f, g, precision: 6));
        Assert.Equal(table, baseEncoder.Table.Value);
        Assert.All(baseEncoder.Table.Gradient, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void ANegativeWeightIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingAnchor(new BagOfEmbeddingsEncoder(8, 4, seed: 1), weight: -1f));
}
