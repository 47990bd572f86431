using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.Tests.IntentModel.Onnx;

namespace ExtProcRouter.Tests.IntentModel.Moe;

public sealed class MoeHeadExporterTests(OnnxRuntimeFixture fixture) : IClassFixture<OnnxRuntimeFixture>
{
    [Theory]
    [InlineData(1, 4, 2)]
    [InlineData(7, 4, 2)]
    [InlineData(3, 6, 1)]
    public void OnnxRuntimeComputesTheSameLogitsAsTheCSharpForwardPass(int routes, int experts, int topK)
    {
        var random = new Random(routes * 100 + experts);
        var weights = MoeHeadWeights.CreateRandom(seed: routes, experts: experts, hidden: 16, topK: topK);
        // Non-zero biases and "other" weights, so that every parameter reaches the output.
        for (var i = 0; i < weights.GateBias.Length; i++) weights.GateBias[i] = (float)random.NextDouble();
        for (var i = 0; i < weights.OtherWeights.Length; i++) weights.OtherWeights[i] = (float)random.NextDouble() - 0.5f;
        weights.OtherBias[0] = 0.3f;
        var input = MoeTestInputs.RandomInput(random, routes);

        var expected = new float[routes + 1];
        MoeHead.Forward(weights, input, expected);

        AssertOnnxRuntimeComputes(expected, MoeHeadExporter.Serialize(weights), input);
        Assert.Contains(expected, value => Math.Abs(value) > 1e-3f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void OnnxRuntimeComputesTheSameEnsembleAsTheCSharpForwardPass(int routes)
    {
        var random = new Random(routes);
        var members = Enumerable.Range(0, 3).Select(seed =>
        {
            var weights = MoeHeadWeights.CreateRandom(seed: seed, experts: 4, hidden: 8, topK: 2);
            for (var i = 0; i < weights.OtherWeights.Length; i++) weights.OtherWeights[i] = (float)random.NextDouble() - 0.5f;
            return weights;
        }).ToList();
        var input = MoeTestInputs.RandomInput(random, routes);

        var expected = new float[routes + 1];
        MoeEnsemble.Forward(members, input, expected);

        AssertOnnxRuntimeComputes(expected, MoeHeadExporter.Serialize(members), input);
        // The output is the log of the members' mean probabilities: it exponentiates to a distribution, and it is not
        // any single member's.
        Assert.Equal(1f, expected.Sum(MathF.Exp), 4);
        var first = new float[routes + 1];
        MoeHead.Forward(members[0], input, first);
        MoeHead.Softmax(first);
        Assert.Contains(expected.Zip(first), pair => Math.Abs(MathF.Exp(pair.First) - pair.Second) > 1e-3f);
    }

    private void AssertOnnxRuntimeComputes(float[] expected, byte[] model, MoeInput input)
    {
        using var session = fixture.Environment.CreateSession(model);
        var actual = new float[expected.Length];
        OnnxMoeClassifier.RunHead(session, input, actual, CancellationToken.None);
        var maxDifference = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDifference < 1e-4f, $"max |C# - ORT| = {maxDifference}");
    }

    [Fact]
    public void TheGateUsesOnlyTheTopKExperts()
    {
        var weights = MoeHeadWeights.CreateRandom(seed: 5, experts: 4, hidden: 8, topK: 1);
        var input = MoeTestInputs.RandomInput(new Random(5), 3);
        var trace = new MoeHead.Trace(3, weights);

        MoeHead.Forward(weights, input, new float[4], trace);

        for (var r = 0; r < 3; r++)
        {
            var gates = trace.GateWeights.AsSpan(r * 4, 4).ToArray();
            Assert.Single(gates, g => g > 0);
            Assert.Equal(1f, gates.Sum(), 5);
        }
    }
}
