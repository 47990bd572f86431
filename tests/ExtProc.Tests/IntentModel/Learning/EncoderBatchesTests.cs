using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Training;
using Xunit.Abstractions;

namespace ExtProcRouter.Tests.IntentModel.Learning;

public sealed class EncoderBatchesTests(ITestOutputHelper output)
{
    private const int Classes = 3;

    [Fact]
    public void APackedBatchComputesWhatSequenceBySequencePassesDo()
    {
        var sequences = Synthetic(new Random(1), 12).Select(c => c.Ids).ToArray();
        var gradients = GradientCheck.RandomArray(new Random(2), sequences.Length * TrainableUseLiteEncoderTests.Tiny.ModelWidth);
        var single = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny, seed: 3);
        var batched = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny, seed: 3);
        var width = single.Dimensions;

        var passes = sequences.Select(s => single.Forward(s)).ToArray();
        for (var i = 0; i < passes.Length; i++) passes[i].Backward(gradients.AsSpan(i * width, width));
        using var batch = batched.ForwardBatch(sequences, maxDegreeOfParallelism: 3);
        var embeddings = Enumerable.Range(0, batch.Count).Select(i => batch.Embedding(i).ToArray()).ToArray();
        batch.Backward(gradients);

        Assert.Equal(sequences.Length, batch.Count);
        for (var i = 0; i < sequences.Length; i++)
            for (var j = 0; j < width; j++) Assert.Equal(passes[i].Embedding[j], embeddings[i][j], 1e-6);
        for (var p = 0; p < single.AllParameters.Count; p++)
            for (var j = 0; j < single.AllParameters[p].Gradient.Length; j++)
                Assert.Equal(single.AllParameters[p].Gradient[j], batched.AllParameters[p].Gradient[j], 1e-5);
    }

    [Fact]
    public void ParallelBatchGradientsAreBitIdenticalFromRunToRun()
    {
        var sequences = Synthetic(new Random(4), 24).Select(c => c.Ids).ToArray();
        var gradients = GradientCheck.RandomArray(new Random(5), sequences.Length * TrainableUseLiteEncoderTests.Tiny.ModelWidth);
        float[][] Run()
        {
            var encoder = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny, seed: 6);
            using var batch = encoder.ForwardBatch(sequences, maxDegreeOfParallelism: 4);
            batch.Backward(gradients);
            return encoder.AllParameters.Select(p => p.Gradient).ToArray();
        }

        var first = Run();
        for (var run = 0; run < 3; run++) Assert.Equal(first, Run());
    }

    [Fact]
    public void EmbedBatchInChunksMatchesSingleEmbeddings()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny, seed: 8);
        var sequences = Synthetic(new Random(9), 7).Select(c => c.Ids).ToArray();
        var width = encoder.Dimensions;
        var destination = new float[sequences.Length * width];

        encoder.EmbedBatch(sequences, destination, chunkSize: 3, maxDegreeOfParallelism: 2);

        var single = new float[width];
        for (var i = 0; i < sequences.Length; i++)
        {
            encoder.Embed(sequences[i], single);
            for (var j = 0; j < width; j++) Assert.Equal(single[j], destination[i * width + j], 1e-6);
        }
    }

    [Fact]
    public void ABadSequenceIsReportedByPosition()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny, seed: 3);

        var error = Assert.Throws<ArgumentException>(() => encoder.ForwardBatch([[1, 2], [], [3]]));

        Assert.Contains("Sequence 1", error.Message);
    }

    [Fact]
    public void ABatchPassIsBackpropagatedOnce()
    {
        var encoder = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny, seed: 3);
        var batch = encoder.ForwardBatch([[1, 2], [3]], maxDegreeOfParallelism: 1);
        var gradients = new float[2 * encoder.Dimensions];
        batch.Backward(gradients);

        Assert.Throws<InvalidOperationException>(() => batch.Backward(gradients));
    }

    [Fact]
    public void ATinyEncoderWithAHeadLearnsASyntheticTask()
    {
        // Which marker token a sequence contains (1, 2 or neither): the encoder has to find it anywhere in the sequence.
        var random = new Random(7);
        var train = Synthetic(random, 512);
        var test = Synthetic(random, 200);
        var encoder = TrainableUseLiteEncoder.CreateRandom(TrainableUseLiteEncoderTests.Tiny, seed: 7);
        var width = encoder.Dimensions;
        var head = new Linear(GradientCheck.RandomParameter(random, "head", 0.3f, width, Classes), new Parameter("head_bias", [Classes], new float[Classes]), width, Classes);
        var parameters = encoder.Parameters.Concat([head.Weight, head.Bias]).ToList();
        var optimizer = new AdamOptimizer(parameters.Values(), learningRate: 0f, weightDecay: 0.01f, decayed: parameters.DecayMask());
        const int steps = 200, batchSize = 16;
        var schedule = new LearningRateSchedule(PeakRate: 1e-2f, WarmupSteps: 20, TotalSteps: steps);

        var firstLosses = new List<double>();
        var lastLosses = new List<double>();
        for (var step = 0; step < steps; step++)
        {
            var batch = Enumerable.Range(0, batchSize).Select(i => train[(step * batchSize + i) % train.Count]).ToArray();
            parameters.ZeroGradients();
            using var pass = encoder.ForwardBatch(batch.Select(c => c.Ids).ToArray(), maxDegreeOfParallelism: 1);
            var embeddingGradients = new float[batchSize * width];
            var loss = 0d;
            for (var i = 0; i < batchSize; i++)
            {
                var embedding = pass.Embedding(i).ToArray();
                var logits = new float[Classes];
                head.Forward(embedding, logits, rows: 1);
                var logitGradient = new float[Classes];
                loss += SoftmaxCrossEntropy.LossAndGradient(logits, batch[i].Label, logitGradient, weight: 1f / batchSize);
                head.Backward(embedding, logitGradient, embeddingGradients.AsSpan(i * width, width), rows: 1, accumulateInputGradient: false, updateParameters: true);
            }
            pass.Backward(embeddingGradients);
            GradientClipping.ClipByGlobalNorm(parameters, maxNorm: 1.0);
            optimizer.Step(parameters.Values(), parameters.Gradients(), schedule.At(step));
            (step < 20 ? firstLosses : step >= steps - 20 ? lastLosses : null)?.Add(loss);
        }

        var correct = test.Count(c =>
        {
            var embedding = new float[width];
            encoder.Embed(c.Ids, embedding);
            var logits = new float[Classes];
            head.Forward(embedding, logits, rows: 1);
            return Array.IndexOf(logits, logits.Max()) == c.Label;
        });
        output.WriteLine($"loss {firstLosses.Average():0.000} (first 20 steps) -> {lastLosses.Average():0.000} (last 20); test accuracy {correct}/{test.Count}");
        Assert.True(lastLosses.Average() < 0.5 * firstLosses.Average(), $"loss {firstLosses.Average():0.000} -> {lastLosses.Average():0.000}");
        Assert.True(correct > 0.8 * test.Count, $"test accuracy {correct}/{test.Count} (chance is a third)");
    }

    private sealed record Case(int[] Ids, int Label);

    private static List<Case> Synthetic(Random random, int count)
    {
        var cases = new List<Case>();
        for (var i = 0; i < count; i++)
        {
            var label = i % Classes;
            // Filler tokens 3..11; the marker (1 for class 0, 2 for class 1, none for class 2) goes anywhere.
            var ids = Enumerable.Range(0, random.Next(3, 9)).Select(_ => random.Next(3, TrainableUseLiteEncoderTests.Tiny.VocabularyRows)).ToArray();
            if (label < 2) ids[random.Next(ids.Length)] = label + 1;
            cases.Add(new Case(ids, label));
        }
        return cases;
    }
}
