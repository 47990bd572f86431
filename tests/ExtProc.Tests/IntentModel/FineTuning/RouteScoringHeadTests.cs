using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

public sealed class RouteScoringHeadTests
{
    private const int Width = 6;

    private static float[] Vector(Random random) => Enumerable.Range(0, Width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    /// <summary>Cross-entropy of the head's softmax for a fixed target, in double precision where it matters.</summary>
    private static double Loss(RouteScoringHead head, float[][] views, ConversationViewKind[] kinds, float[][] routes, int target)
    {
        var logits = new float[routes.Length + 1];
        head.Forward(views, kinds, routes, logits, new float[Width]);
        var max = logits.Max();
        var sum = logits.Sum(l => Math.Exp(l - max));
        return -(logits[target] - max - Math.Log(sum));
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var random = new Random(5);
        var head = new RouteScoringHead();
        head.Scalars.Value[2] = 0.4f; // a non-zero weight for earlier turns, so its path is exercised
        var kinds = new[] { ConversationViewKind.LatestUserMessage, ConversationViewKind.PreviousUserTurns, ConversationViewKind.LastAssistantTurn };
        var views = kinds.Select(_ => Vector(random)).ToArray();
        var routes = Enumerable.Range(0, 3).Select(_ => Vector(random)).ToArray();
        const int target = 3; // "other", so the threshold and context weights get gradients too

        var logits = new float[routes.Length + 1];
        var mix = new float[Width];
        head.Forward(views, kinds, routes, logits, mix);
        var probabilities = logits.ToArray();
        RouteScoringHead.Softmax(probabilities);
        var logitGradient = probabilities.Select((p, i) => p - (i == target ? 1f : 0f)).ToArray();
        var viewGradients = views.Select(_ => new float[Width]).ToArray();
        var routeGradients = routes.Select(_ => new float[Width]).ToArray();
        head.Backward(views, kinds, routes, logits, mix, logitGradient, viewGradients, routeGradients);

        void Check(float[] values, int index, float analytic, string what)
        {
            const float h = 1e-3f;
            var original = values[index];
            values[index] = original + h;
            var plus = Loss(head, views, kinds, routes, target);
            values[index] = original - h;
            var minus = Loss(head, views, kinds, routes, target);
            values[index] = original;
            var numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic) <= 2e-2 * Math.Max(1, Math.Abs(numeric)), $"{what}: numeric {numeric:0.0000}, analytic {analytic:0.0000}");
        }

        for (var i = 0; i < 3; i++) Check(head.ViewWeights.Value, i, head.ViewWeights.Gradient[i], $"view weight {i}");
        for (var i = 0; i < 4; i++) Check(head.Scalars.Value, i, head.Scalars.Gradient[i], $"scalar {i}");
        for (var v = 0; v < views.Length; v++)
            for (var j = 0; j < Width; j++) Check(views[v], j, viewGradients[v][j], $"view {v}[{j}]");
        for (var r = 0; r < routes.Length; r++)
            for (var j = 0; j < Width; j++) Check(routes[r], j, routeGradients[r][j], $"route {r}[{j}]");
    }

    [Fact]
    public void OtherWinsWhenNoRouteIsClose()
    {
        var head = new RouteScoringHead();
        float[] message = [1f, 0f];
        var logits = new float[3];

        head.Forward([message], [ConversationViewKind.LatestUserMessage], [[0f, 1f], [-0.6f, 0.8f]], logits, new float[2]);

        Assert.Equal(2, Array.IndexOf(logits, logits.Max()));
    }

    [Theory]
    [InlineData(new[] { 0.1f, 0.7f, 0.3f }, 2, 1)]        // the best offered route beats "other"
    [InlineData(new[] { 0.7f, 0.2f, 0.7f }, 2, 2)]        // a tie with "other" answers "other"
    [InlineData(new[] { 0.6f, 0.2f, 0.9f, 0.5f }, 2, 0)]  // an extra in-batch negative (0.9) is never the answer
    public void TheAnswerIsTheBestOfferedRouteOnlyWhenItBeatsOtherStrictly(float[] logits, int offered, int expected) =>
        Assert.Equal(expected, RouteScoringHead.Answer(logits, offered));
}
