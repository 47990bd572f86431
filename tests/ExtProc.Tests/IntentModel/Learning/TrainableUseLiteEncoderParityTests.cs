using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Onnx.Writing;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.Tests.IntentModel.Encoder;
using Xunit.Abstractions;

namespace ExtProcRouter.Tests.IntentModel.Learning;

/// <summary>The C# forward pass against ONNX Runtime running the converted real encoder (fetched by `make setup`).</summary>
[Collection(EncoderCollection.Name)]
public sealed class TrainableUseLiteEncoderParityTests(EncoderFixture fixture, ITestOutputHelper output)
{
    private const float Tolerance = 1e-4f;

    private static readonly string[] Texts =
    [
        "Hello!",
        "What's the weather like in Paris tomorrow?",
        "Are there any syntax issues here? def add(a, b) return a + b",
        "Write a Python function that returns the n-th Fibonacci number using memoization.",
        "Please review this pull request and point out anything that could break in production.",
        "fix it",
        "Translate 'good morning' into Spanish, French and German.",
        "Why does my React component re-render every time the parent state changes, even with memo?",
        "Summarise the following meeting notes in three bullet points: budget approved, hiring paused, launch moved to May.",
        "book a table for two at an Italian restaurant near the station at 7pm",
        "The app crashes with a NullReferenceException when I open the settings page on Android 14.",
        "Can you add dark mode support to the dashboard? Users keep asking for it.",
        "How do I transfer money from my savings account to checking?",
        "Explain what this does: for i in range(10): print(i ** 2 if i % 2 else -i)",
        "I need a design for a rate limiter that works across 50 replicas with Redis as the only shared state.",
        "set an alarm for 6:30 am",
        "SELECT name, COUNT(*) FROM orders o JOIN customers c ON o.customer_id = c.id GROUP BY name HAVING COUNT(*) > 5;",
        "Tell me a joke about penguins.",
        "refactor this class so that the database access is behind an interface and can be mocked in tests",
        string.Join(" ", Enumerable.Repeat("public static int Sum(int[] values) { var total = 0; foreach (var v in values) total += v; return total; }", 8)),
    ];

    [Fact]
    public void ForwardMatchesOnnxRuntimeOnRealTexts()
    {
        var encoder = TrainableUseLiteEncoder.FromTfjs(TfjsWeights.Load(fixture.TfjsDirectory));
        var tokenizer = SentencePieceTokenizer.Load(Path.Combine(fixture.TfjsDirectory, "vocab.json"));
        var sequences = Texts.Select(t => tokenizer.EncodeHeadTail(t)).Concat(fixture.Reference.Select(r => r.Ids.Take(TrainableUseLiteEncoder.MaxTokens).ToArray())).ToArray();

        var worst = WorstDifference(encoder, fixture.Encoder, sequences);

        output.WriteLine($"{sequences.Length} sequences ({sequences.Min(s => s.Length)}..{sequences.Max(s => s.Length)} tokens): max |C# - ORT| = {worst:E2}");
        Assert.True(worst < Tolerance, $"max abs difference {worst:E2} exceeds {Tolerance:E0}");
    }

    [Fact]
    public void ExportedWeightsConvertToAGraphThatComputesTheSameAsTheTrainedEncoder()
    {
        var encoder = TrainableUseLiteEncoder.FromTfjs(TfjsWeights.Load(fixture.TfjsDirectory));
        // Stand-in for training: move every parameter, so the export must carry the new values to pass.
        var random = new Random(1);
        foreach (var parameter in encoder.AllParameters)
            for (var i = 0; i < parameter.Value.Length; i++) parameter.Value[i] += (float)(random.NextDouble() - 0.5) * 0.02f;
        var path = Path.Combine(Directory.CreateTempSubdirectory("trainable-export-").FullName, "tuned.onnx");
        try
        {
            OnnxModelWriter.Save(EncoderConverter.BuildGraph(encoder.ExportWeights()), path, docString: "test export");
            using var exported = new SentenceEncoder(fixture.Environment, path);
            var sequences = fixture.Reference.Select(r => r.Ids.Take(TrainableUseLiteEncoder.MaxTokens).ToArray()).ToArray();

            var worst = WorstDifference(encoder, exported, sequences);
            var moved = EncoderConverterTests.MaxAbsDifference(fixture.Encoder.Embed(sequences[1]), exported.Embed(sequences[1]));

            output.WriteLine($"exported graph vs C# forward: max abs diff {worst:E2}; moved from the original by {moved:E2}");
            Assert.True(worst < Tolerance, $"max abs difference {worst:E2} exceeds {Tolerance:E0}");
            Assert.True(moved > 100 * Tolerance, "the exported graph still computes the original encoder");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void RealWeightGradientsMatchFiniteDifferences()
    {
        var encoder = TrainableUseLiteEncoder.FromTfjs(TfjsWeights.Load(fixture.TfjsDirectory));
        var sequence = fixture.Reference[3].Ids;
        var weights = GradientCheck.RandomArray(new Random(1), encoder.Dimensions);
        encoder.Forward(sequence).Backward(weights);

        double Loss()
        {
            var embedding = new float[encoder.Dimensions];
            encoder.Embed(sequence, embedding);
            return GradientCheck.Projection(embedding, weights);
        }
        // Tensors above the last ReLU, and one below it: with 1536 units per token the real FFNs have corners within
        // any usable ε of some coordinates deeper down (the tiny configuration checks every tensor; this checks the real
        // weights' scale and constants).
        foreach (var name in new[] { UseLiteWeightNames.TanhBias, UseLiteWeightNames.FeedForwardOuterBias(1), UseLiteWeightNames.LayerNormScale(1, UseLiteWeightNames.FeedForwardBlock) })
        {
            var parameter = encoder.AllParameters.Single(p => p.Name == name);
            var worst = GradientCheck.WorstRelativeError(parameter.Value, parameter.Gradient, Loss, samples: 8, epsilon: 5e-3f);
            output.WriteLine($"{name}: worst relative error {worst:E2}");
            Assert.True(worst < GradientCheck.Threshold, $"{name}: {worst:E2}");
        }
    }

    [Fact]
    public void AFewAdamWStepsPullTwoRealTextsTogether()
    {
        var encoder = TrainableUseLiteEncoder.FromTfjs(TfjsWeights.Load(fixture.TfjsDirectory));
        encoder.Freezing = EncoderFreezing.Embeddings;
        var tokenizer = SentencePieceTokenizer.Load(Path.Combine(fixture.TfjsDirectory, "vocab.json"));
        int[][] pair = [tokenizer.EncodeHeadTail("fix the failing unit test in the parser"), tokenizer.EncodeHeadTail("book a table for two tonight")];
        var parameters = encoder.Parameters;
        var optimizer = new ExtProcRouter.IntentModel.Training.AdamOptimizer(parameters.Values(), learningRate: 1e-4f, weightDecay: 0.01f, decayed: parameters.DecayMask());
        double Cosine(EncoderBatchPass pass) => GradientCheck.Projection(pass.Embedding(0), pass.Embedding(1));

        var before = 0d;
        for (var step = 0; step < 5; step++)
        {
            parameters.ZeroGradients();
            using var pass = encoder.ForwardBatch(pair);
            if (step == 0) before = Cosine(pass);
            // Loss -cos(a, b) of unit vectors: d/da = -b, d/db = -a.
            var gradients = new float[2 * encoder.Dimensions];
            for (var i = 0; i < encoder.Dimensions; i++)
            {
                gradients[i] = -pass.Embedding(1)[i];
                gradients[encoder.Dimensions + i] = -pass.Embedding(0)[i];
            }
            pass.Backward(gradients);
            optimizer.Step(parameters.Values(), parameters.Gradients());
        }
        using var final = encoder.ForwardBatch(pair);
        var after = Cosine(final);

        output.WriteLine($"cosine {before:0.000} -> {after:0.000} after 5 steps");
        Assert.True(after > before + 0.05, $"cosine {before:0.000} -> {after:0.000}");
    }

    private static float WorstDifference(TrainableUseLiteEncoder encoder, SentenceEncoder onnx, int[][] sequences)
    {
        var embedding = new float[encoder.Dimensions];
        var worst = 0f;
        foreach (var sequence in sequences)
        {
            encoder.Embed(sequence, embedding);
            worst = Math.Max(worst, EncoderConverterTests.MaxAbsDifference(onnx.Embed(sequence), embedding));
        }
        return worst;
    }
}
