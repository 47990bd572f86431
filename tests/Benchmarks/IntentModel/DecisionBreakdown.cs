using System.Diagnostics;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.Routing.Routers;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Benchmarks.IntentModel;

/// <summary>
/// Where a decision's time goes for the 2k-token conversation of <see cref="DecisionLatency"/>: reading and trimming
/// the body, tokenizing the views, the encoder run and the whole decision (the head is the remainder), as medians.
/// The same body is classified every time, so the conversation cache is off: every decision is a cold one.
/// </summary>
/// <remarks>Usage: <c>Benchmarks decision-breakdown [runs] [encoder.onnx]</c> from the repository root after <c>make setup</c>.</remarks>
public static class DecisionBreakdown
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 200;
        var files = MoeModelFiles.FineTuned;
        files.EnsureEncoder();
        var encoderPath = args.Length > 1 ? args[1] : files.EncoderPath;
        using var environment = new OnnxRuntimeEnvironment();
        using var classifier = OnnxMoeClassifier.Load(environment, files with { EncoderPath = encoderPath }, conversationCacheCapacity: 0);
        using var encoder = new SentenceEncoder(environment, encoderPath, new OnnxSessionOptions { AllowThreadSpinning = false });
        var tokenizer = SentencePieceTokenizer.Load(files.VocabularyPath);
        var body = DecisionLatency.LongBody(DecisionLatency.PastedFile(tokenizer), nonce: 0);
        var routes = DecisionLatency.Routes;

        var read = new double[runs];
        var tokenize = new double[runs];
        var encode = new double[runs];
        var decide = new double[runs];
        await classifier.ClassifyAsync(ConversationTrimmer.Trim(ConversationReader.Read(body, ApiFormat.OpenAIChat)), routes, CancellationToken.None);
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var conversation = ConversationTrimmer.Trim(ConversationReader.Read(body, ApiFormat.OpenAIChat));
            read[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            var views = ConversationViews.From(conversation);
            var sequences = ViewTexts.From(views).ToEmbed().Select(t => tokenizer.EncodeHeadTail(t)).ToArray();
            tokenize[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            encoder.Embed(sequences);
            encode[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            started = Stopwatch.GetTimestamp();
            await classifier.ClassifyAsync(conversation, routes, CancellationToken.None);
            decide[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Console.WriteLine($"encoder {encoderPath}; {runs} runs; medians (p99):");
        foreach (var (label, samples) in new[] { ("read+trim", read), ("tokenize views", tokenize), ("encoder run", encode), ("whole classify", decide) })
        {
            Array.Sort(samples);
            Console.WriteLine($"  {label,-16} {samples[samples.Length / 2],7:F2} ms ({samples[(int)(samples.Length * 0.99)],7:F2})");
        }
        return 0;
    }
}
