using ExtProcRouter.IntentModel.CrossEncoding;
using ExtProcRouter.IntentModel.FineTuning;
using ExtProcRouter.Tests.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.CrossEncoding;

public sealed class PairScoringHeadTests
{
    private const int Width = 6;

    private static double Loss(PairScoringHead head, float[][] pairs, int target)
    {
        var logits = new float[pairs.Length + 1];
        head.Forward(pairs, logits);
        var max = logits.Max();
        return -(logits[target] - max - Math.Log(logits.Sum(l => Math.Exp(l - max))));
    }

    [Theory]
    [InlineData(1)] // a route: the weights and the pair embeddings get gradients from the right and the wrong pairs
    [InlineData(3)] // "other": the other logit is the target
    public void GradientsMatchFiniteDifferences(int target)
    {
        var random = new Random(5);
        var head = new PairScoringHead(Width);
        GradientCheck.RandomArray(random, Width).CopyTo(head.Weights.Value, 0);
        head.Other.Value[0] = 0.3f;
        var pairs = Enumerable.Range(0, 3).Select(_ => GradientCheck.RandomArray(random, Width)).ToArray();

        var logits = new float[pairs.Length + 1];
        head.Forward(pairs, logits);
        RouteScoringHead.Softmax(logits);
        var logitGradient = logits.Select((p, i) => p - (i == target ? 1f : 0f)).ToArray();
        var pairGradients = pairs.Select(_ => new float[Width]).ToArray();
        head.Backward(pairs, logitGradient, pairGradients);

        GradientCheck.AssertMatches("weights", head.Weights.Value, head.Weights.Gradient, () => Loss(head, pairs, target));
        GradientCheck.AssertMatches("other", head.Other.Value, head.Other.Gradient, () => Loss(head, pairs, target));
        for (var r = 0; r < pairs.Length; r++)
            GradientCheck.AssertMatches($"pair {r}", pairs[r], pairGradients[r], () => Loss(head, pairs, target));
    }
}
