using ExtProcRouter.IntentModel.CrossEncoding;
using ExtProcRouter.IntentModel.FineTuning;
using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.Tests.IntentModel.FineTuning;
using ExtProcRouter.Tests.IntentModel.Learning;

namespace ExtProcRouter.Tests.IntentModel.CrossEncoding;

public sealed class CrossEncoderTrainerTests
{
    private static readonly CrossEncoderOptions Options = new()
    {
        Steps = 200, BatchSize = 8, PairsPerCase = 3, EncoderLearningRate = 0.01f, HeadLearningRate = 0.05f, WarmupSteps = 5, Threads = 2,
    };

    private static double Accuracy(CrossEncoderTrainer trainer, List<CrossEncoderExample> examples)
    {
        var logits = trainer.Score(examples);
        return examples.Select((e, i) => RouteScoringHead.Answer(logits[i], logits[i].Length - 1) == e.Target).Count(right => right) / (double)examples.Count;
    }

    [Fact]
    public void LossFallsAndHeldOutAccuracyRisesFarAboveChance()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny with { VocabularyRows = SyntheticRouting.Vocabulary }, seed: 3);
        var trainer = new CrossEncoderTrainer(encoder, Options);
        var heldOut = SyntheticPairs.Cases(seed: 2, count: 200);
        var before = Accuracy(trainer, heldOut);
        var losses = new List<double>();

        trainer.Train(SyntheticPairs.Cases(seed: 1, count: 400), (_, loss) => losses.Add(loss));

        Assert.Equal(200, losses.Count);
        var firstLoss = losses.Take(10).Average();
        var lastLoss = losses.TakeLast(10).Average();
        Assert.True(lastLoss < firstLoss * 0.5, $"loss {firstLoss:0.000} -> {lastLoss:0.000}");
        var after = Accuracy(trainer, heldOut);
        Assert.True(after > 0.8 && after > before + 0.3, $"held-out accuracy {before:P1} -> {after:P1} (chance is 25%)");
    }

    [Fact]
    public void ScoresEveryOfferedRouteAndOther()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny with { VocabularyRows = SyntheticRouting.Vocabulary }, seed: 3);
        var examples = SyntheticPairs.Cases(seed: 4, count: 20);
        var logits = new CrossEncoderTrainer(encoder, Options).Score(examples);
        Assert.Equal(examples.Select(e => e.RouteNames.Count + 1), logits.Select(l => l.Length));
    }
}
