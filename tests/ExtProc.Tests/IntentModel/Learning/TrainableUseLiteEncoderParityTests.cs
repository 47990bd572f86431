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
