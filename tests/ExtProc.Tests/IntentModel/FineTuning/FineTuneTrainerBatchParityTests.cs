using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.FineTuning;
using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.Tests.IntentModel.Encoder;
using Xunit.Abstractions;

namespace ExtProcRouter.Tests.IntentModel.FineTuning;

/// <summary>
/// The trainer's step encodes a batch's texts in one packed batch pass; it must compute the loss and gradients that
/// running every text through its own forward and backward pass computes (the trainer's step before batching), on
/// the real encoder weights and real texts.
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class FineTuneTrainerBatchParityTests(EncoderFixture fixture, ITestOutputHelper output)
{
    // Packing changes only the order of float additions (row blocks of the matrix products, the parts' gradient sums),
    // so both sides agree to float rounding: measured at most 4e-6 of a tensor's largest gradient; the bounds leave
    // room for other CPUs' SIMD widths while staying far below a wrong gradient (which is off by its own size).
    private const double RelativeGradientTolerance = 1e-4;
    private const double LossTolerance = 1e-5;

    [Fact]
    public void TheBatchedStepGivesThePerSequenceLossAndGradients()
    {
        var tokenizer = SentencePieceTokenizer.Load(Path.Combine(fixture.TfjsDirectory, "vocab.json"));
        var batch = RealBatch(tokenizer);
        var options = new FineTuneOptions { Threads = 2, InBatchNegatives = true };
        var batched = TrainableUseLiteEncoder.FromTfjs(TfjsWeights.Load(fixture.TfjsDirectory));
        var single = TrainableUseLiteEncoder.FromTfjs(TfjsWeights.Load(fixture.TfjsDirectory));
        var trainer = new FineTuneTrainer(batched, options);
        var referenceHead = new RouteScoringHead();

        var (loss, correct, _) = trainer.AccumulateGradients(batch);
        var (referenceLoss, referenceCorrect) = PerSequenceStep(single, referenceHead, batch, options.InBatchNegatives);

        output.WriteLine($"loss batched {loss:0.0000000} vs per sequence {referenceLoss:0.0000000}");
        Assert.Equal(referenceLoss, loss, LossTolerance);
        Assert.Equal(referenceCorrect, correct);
        AssertGradientsAgree(single.AllParameters.Concat(referenceHead.Parameters).ToList(), batched.AllParameters.Concat(trainer.Head.Parameters).ToList());
    }

    private void AssertGradientsAgree(IReadOnlyList<Parameter> expected, IReadOnlyList<Parameter> actual)
    {
        Assert.Equal(expected.Select(p => p.Name), actual.Select(p => p.Name));
        var worstOverall = 0d;
        for (var p = 0; p < expected.Count; p++)
        {
            var scale = expected[p].Gradient.Max(MathF.Abs);
            Assert.True(scale > 0, $"{expected[p].Name} got no gradient, so the comparison would prove nothing");
            var worst = 0d;
            for (var i = 0; i < expected[p].Gradient.Length; i++)
                worst = Math.Max(worst, Math.Abs(expected[p].Gradient[i] - actual[p].Gradient[i]) / scale);
            worstOverall = Math.Max(worstOverall, worst);
            Assert.True(worst <= RelativeGradientTolerance, $"{expected[p].Name}: gradients differ by {worst:E2} of the largest one");
        }
        output.WriteLine($"{expected.Count} tensors: worst difference {worstOverall:E2} of the tensor's largest gradient");
    }

    /// <summary>The trainer's step as it was before batching: one forward and one backward pass per distinct text.</summary>
    private static (double Loss, int Correct) PerSequenceStep(ITrainableEncoder encoder, RouteScoringHead head, IReadOnlyList<FineTuneExample> batch, bool inBatchNegatives)
    {
        var sequences = new BatchSequences(batch);
        var passes = sequences.TokenIds.Select(ids => encoder.Forward(ids)).ToArray();
        var embeddings = passes.Select(p => p.Embedding.ToArray()).ToArray();
        var gradients = embeddings.Select(e => new float[e.Length]).ToArray();
        double loss = 0;
        var correct = 0;
        for (var b = 0; b < batch.Count; b++)
        {
            var example = batch[b];
            var candidates = sequences.Candidates(b, inBatchNegatives);
            var views = sequences.Views[b];
            var logits = new float[candidates.Count + 1];
            var mix = new float[encoder.Dimensions];
            head.Forward(views.Select(i => embeddings[i]).ToList(), example.ViewKinds, candidates.Select(i => embeddings[i]).ToList(), logits, mix);
            var probabilities = logits.ToArray();
            RouteScoringHead.Softmax(probabilities);
            var target = example.IsOther ? candidates.Count : example.Target;
            loss -= Math.Log(probabilities[target]);
            var predicted = example.Routes.Count; // "other" unless an offered route beats its logit
            for (var r = 0; r < example.Routes.Count; r++)
                if (logits[r] > logits[predicted == example.Routes.Count ? ^1 : predicted]) predicted = r;
            if (predicted == example.Target) correct++;
            var logitGradient = probabilities.Select((probability, i) => (probability - (i == target ? 1f : 0f)) / batch.Count).ToArray();
            head.Backward(views.Select(i => embeddings[i]).ToList(), example.ViewKinds, candidates.Select(i => embeddings[i]).ToList(), logits, mix,
                logitGradient, views.Select(i => gradients[i]).ToList(), candidates.Select(i => gradients[i]).ToList());
        }
        for (var i = 0; i < passes.Length; i++) passes[i].Backward(gradients[i]);
        return (loss / batch.Count, correct);
    }

    /// <summary>Four cases of two routers (one "other", one with earlier turns and an assistant reply), texts of 3..128 tokens.</summary>
    private static List<FineTuneExample> RealBatch(SentencePieceTokenizer tokenizer)
    {
        TokenizedText Text(string text) => new(text, tokenizer.EncodeHeadTail(text));
        TokenizedRoute Route(string name, string description) => new(name, Text($"{name}: {description}"));
        TokenizedRoute[] coding =
        [
            Route("code_generation", "write new code, functions or programs from a description"),
            Route("bug_fixing", "find and fix the cause of an error, crash or failing test"),
            Route("code_review", "review code or a pull request for problems and style"),
        ];
        TokenizedRoute[] assistant =
        [
            Route("weather", "forecasts and current weather for a place"),
            Route("restaurant_booking", "reserve a table at a restaurant"),
        ];
        var longFile = string.Join(" ", Enumerable.Repeat("public static int Sum(int[] values) { var total = 0; foreach (var v in values) total += v; return total; }", 8));
        ConversationViewKind[] latestOnly = [ConversationViewKind.LatestUserMessage];
        return
        [
            new([Text("Write a Python function that returns the n-th Fibonacci number using memoization.")], latestOnly, coding, 0, "code.jsonl"),
            new([Text("it still throws, see the trace"), Text($"The app crashes with a NullReferenceException here: {longFile}"), Text("Check whether values can be null before the loop.")],
                [ConversationViewKind.LatestUserMessage, ConversationViewKind.PreviousUserTurns, ConversationViewKind.LastAssistantTurn], coding, 1, "code.jsonl"),
            new([Text("What's the weather like in Paris tomorrow?")], latestOnly, assistant, 0, "assistant.jsonl"),
            new([Text("Tell me a joke about penguins.")], latestOnly, assistant, assistant.Length, "assistant.jsonl"),
        ];
    }
}
