using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Training;
using ExtProcRouter.Tests.IntentModel.Moe;

namespace ExtProcRouter.Tests.IntentModel.Training;

public sealed class MoeTrainerTests
{
    /// <summary>
    /// Cases offer 4 random routes; the message is a noisy copy of the expected route's vector, or (for "other")
    /// of none of them. Signals are left at zero so that the head must learn from the view products.
    /// </summary>
    private static List<TrainingExample> SyntheticSet(int seed, int count)
    {
        var random = new Random(seed);
        var examples = new List<TrainingExample>();
        for (var n = 0; n < count; n++)
        {
            var routes = Enumerable.Range(0, 4).Select(_ => MoeTestInputs.UnitVector(random)).ToArray();
            var target = random.Next(5);
            var latest = target < 4 ? MoeTestInputs.Near(routes[target], random, 0.8f) : MoeTestInputs.UnitVector(random);
            var zero = new float[MoeFeatureLayout.EmbeddingWidth];
            var input = new MoeInput(latest, zero, zero, zero, routes, new float[4 * MoeFeatureLayout.RouteSignalCount], new float[MoeFeatureLayout.CaseSignalCount]);
            examples.Add(new TrainingExample(input, target, "synthetic", "general"));
        }
        return examples;
    }

    private static readonly MoeTrainerOptions Options = new() { Epochs = 4, Experts = 4, Hidden = 8, TopK = 2, BatchSize = 16, LearningRate = 3e-3f };

    [Fact]
    public void LossFallsAndHeldOutAccuracyBeatsChance()
    {
        var train = SyntheticSet(1, 400);
        var heldOut = SyntheticSet(2, 200);
        var epochs = new List<MoeTrainer.EpochReport>();

        var weights = new MoeTrainer(Options).Train(train, w => MoeTrainer.AccuracyBySource(w, heldOut)["synthetic"], epochs.Add);

        Assert.Equal(4, epochs.Count);
        Assert.True(epochs[^1].Loss < epochs[0].Loss * 0.8, $"loss {epochs[0].Loss:0.000} -> {epochs[^1].Loss:0.000}");
        var accuracy = MoeTrainer.AccuracyBySource(weights, heldOut)["synthetic"];
        Assert.True(accuracy > 0.5, $"held-out accuracy {accuracy:P1} (chance is 20%)");
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeights()
    {
        var train = SyntheticSet(3, 64);
        var options = Options with { Epochs = 1 };

        var first = new MoeTrainer(options).Train(train, _ => 0);
        var second = new MoeTrainer(options).Train(train, _ => 0);

        Assert.Equal(first.ExpertWeights, second.ExpertWeights);
        Assert.Equal(first.GateWeights, second.GateWeights);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var examples = SyntheticSet(4, 3);
        var options = Options with { LoadBalancingWeight = 0.05f, WeightDecay = 0 };
        var weights = MoeHeadWeights.CreateRandom(7, 4, 8, 2);
        for (var i = 0; i < weights.GateWeights.Length; i++) weights.GateWeights[i] *= 30; // a decisive gate, away from top-k ties
        var gradients = new MoeHeadWeights(4, 8, 2);
        var trainer = new MoeTrainer(options);
        int[] batch = [0, 1, 2];
        trainer.Step(weights, gradients, examples, batch);

        // Cross-entropy only (the load term's gate load is piecewise constant): compare on expert and "other" weights.
        double Loss()
        {
            var sum = 0.0;
            foreach (var example in examples)
            {
                var p = new float[example.Input.RouteCount + 1];
                MoeHead.Forward(weights, example.Input, p);
                MoeHead.Softmax(p);
                sum -= Math.Log(p[example.Target]);
            }
            return sum / examples.Count;
        }
        var failures = new List<string>();
        foreach (var (values, grads) in new[] { (weights.OutputWeights, gradients.OutputWeights), (weights.OtherBias, gradients.OtherBias), (weights.ExpertBias, gradients.ExpertBias) })
        {
            for (var i = 0; i < Math.Min(values.Length, 6); i++)
            {
                var saved = values[i];
                values[i] = saved + 2e-3f; // small: a ReLU must not cross its kink
                var up = Loss();
                values[i] = saved - 2e-3f;
                var down = Loss();
                values[i] = saved;
                var numeric = (up - down) / 4e-3;
                if (!(Math.Abs(numeric - grads[i]) < 2e-3 + 0.05 * Math.Abs(numeric))) failures.Add($"{values.Length}/{i}: numeric {numeric}, analytic {grads[i]}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void AViewScaleOfZeroIsTheSameAsAZeroView()
    {
        var random = new Random(5);
        var routes = Enumerable.Range(0, 3).Select(_ => MoeTestInputs.UnitVector(random)).ToArray();
        var signals = Enumerable.Range(0, 3 * MoeFeatureLayout.RouteSignalCount).Select(_ => random.NextSingle()).ToArray();
        var caseSignals = new float[MoeFeatureLayout.CaseSignalCount];
        var previous = MoeTestInputs.UnitVector(random);
        var withLatest = new MoeInput(MoeTestInputs.UnitVector(random), previous, previous, previous, routes, signals, caseSignals);
        var withoutLatest = new MoeInput(new float[MoeFeatureLayout.EmbeddingWidth], previous, previous, previous, routes, signals, caseSignals);
        var weights = MoeHeadWeights.CreateRandom(3, 4, 8, 2);
        var dropped = new float[4];
        var zeroed = new float[4];
        var plain = new float[4];

        MoeHead.Forward(weights, withLatest, dropped, new MoeHead.Trace(3, weights) { ViewScales = [0f, 1f, 1f, 1f] });
        MoeHead.Forward(weights, withoutLatest, zeroed);
        MoeHead.Forward(weights, withLatest, plain);

        Assert.Equal(zeroed, dropped);
        Assert.NotEqual(plain, dropped);
    }

    [Fact]
    public void ViewDropoutStillLearnsAndIsSeeded()
    {
        var train = SyntheticSet(6, 400);
        var heldOut = SyntheticSet(7, 200);
        var options = Options with { ViewDropout = 0.3f };

        var first = new MoeTrainer(options).Train(train, w => MoeTrainer.AccuracyBySource(w, heldOut)["synthetic"]);
        var second = new MoeTrainer(options).Train(train, w => MoeTrainer.AccuracyBySource(w, heldOut)["synthetic"]);
        var without = new MoeTrainer(Options).Train(train, w => MoeTrainer.AccuracyBySource(w, heldOut)["synthetic"]);

        Assert.Equal(first.ExpertWeights, second.ExpertWeights);
        Assert.NotEqual(without.ExpertWeights, first.ExpertWeights);
        var accuracy = MoeTrainer.AccuracyBySource(first, heldOut)["synthetic"];
        Assert.True(accuracy > 0.5, $"held-out accuracy {accuracy:P1} with dropout (chance is 20%)");
    }

    [Fact]
    public void AnEpochDrawTakesAtMostTheCapFromEverySourceAndChangesBetweenEpochs()
    {
        List<int[]> bySource = [Enumerable.Range(0, 300).ToArray(), Enumerable.Range(300, 20).ToArray()];
        var random = new Random(9);

        var first = MoeTrainer.DrawPerSource(bySource, 50, random);
        var second = MoeTrainer.DrawPerSource(bySource, 50, random);

        Assert.Equal(50, first.Count(i => i < 300));
        Assert.Equal(Enumerable.Range(300, 20), first.Where(i => i >= 300).Order());
        Assert.Equal(first.Length, first.Distinct().Count());
        Assert.NotEqual(first.Where(i => i < 300).Order(), second.Where(i => i < 300).Order());
    }
}
