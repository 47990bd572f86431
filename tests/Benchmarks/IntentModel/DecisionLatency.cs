using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Tokenizer;
using ExtProcRouter.Routing.Routers;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Benchmarks.IntentModel;

/// <summary>
/// The routing model's decision latency as a <c>router:</c> request pays it: read the conversation from the request
/// body, trim it, classify it against 10 routes (tokenize, one batched encoder run, the head), for a short question
/// and for a 2k-token conversation. Route embeddings are cached after the first request, as in serving.
/// </summary>
/// <remarks>
/// Usage: <c>Benchmarks decision-latency [runs] [onnx|onnx-finetuned|onnx-finetuned-int8] [intra-op-threads]</c> from the repository root after
/// <c>make setup</c>. A plain timer: the numbers wanted are percentiles of single decisions.
/// </remarks>
public static class DecisionLatency
{
    internal static readonly RouteDescription[] Routes =
    [
        new("code_generation", "Write new code from a description: functions, classes, scripts, whole programs."),
        new("bug_fixing", "Find and fix a bug: wrong output, a crash, a failing test, an exception in the user's code."),
        new("code_explanation", "Explain what a piece of code does, step by step, so the user understands it."),
        new("code_review", "Review code for style, readability, small improvements and syntax issues."),
        new("test_generation", "Write unit or integration tests for existing code."),
        new("refactoring", "Restructure existing code to be more idiomatic, modular or easier to test without changing behaviour."),
        new("performance_optimization", "Make working code faster or use less memory."),
        new("architecture_design", "Design software systems, plan migrations and weigh architectural trade-offs."),
        new("devops_and_environment", "Build, deployment, CI, containers, dependency and environment problems."),
        new("general_qa", "Everyday factual questions that are not about code."),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 300;
        var name = args.Length > 1 ? args[1] : "onnx-finetuned";
        MoeModelFiles? files = name switch
        {
            "onnx" => MoeModelFiles.Default,
            "onnx-finetuned" => MoeModelFiles.FineTuned,
            "onnx-finetuned-int8" => MoeModelFiles.FineTunedInt8,
            _ => null,
        };
        if (files is null)
        {
            Console.Error.WriteLine($"decision-latency measures the ONNX classifiers (onnx, onnx-finetuned, onnx-finetuned-int8), not '{name}'.");
            return 2;
        }
        using var environment = new OnnxRuntimeEnvironment();
        var loadStarted = Stopwatch.GetTimestamp();
        // An optional third argument sets the encoder's intra-op threads (default: the serving setting).
        var options = args.Length > 2 && int.TryParse(args[2], out var threads)
            ? new OnnxSessionOptions { IntraOpThreads = threads, AllowThreadSpinning = false }
            : null;
        using var classifier = OnnxMoeClassifier.Load(environment, files, options);
        Console.WriteLine($"classifier {name}: loaded in {Stopwatch.GetElapsedTime(loadStarted).TotalMilliseconds:F0} ms; encoder intra-op threads {options?.IntraOpThreads.ToString() ?? "default"}; {Routes.Length} routes; {runs} decisions per case; {Environment.ProcessorCount} cores");

        var tokenizer = SentencePieceTokenizer.Load(files.VocabularyPath);
        foreach (var (label, body) in new[] { ("short question", ShortBody()), ("2k-token conversation", LongBody(tokenizer)) })
        {
            var tokens = ConversationReader.Read(body, ApiFormat.OpenAIChat).Sum(turn => tokenizer.Encode(turn.Text).Length);
            await DecideAsync(classifier, body); // warm-up: JIT, route embeddings into the cache
            var samples = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await DecideAsync(classifier, body);
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            Array.Sort(samples);
            Console.WriteLine($"| {label} | {tokens} tokens | p50 {Percentile(samples, 0.50):F2} ms | p90 {Percentile(samples, 0.90):F2} ms | p99 {Percentile(samples, 0.99):F2} ms | max {samples[^1]:F2} ms |");
        }
        return 0;
    }

    private static async Task<IntentDecision> DecideAsync(IIntentClassifier classifier, byte[] body) =>
        await classifier.ClassifyAsync(ConversationTrimmer.Trim(ConversationReader.Read(body, ApiFormat.OpenAIChat)), Routes, CancellationToken.None);

    private static byte[] ShortBody() => Body([("user", "What is the capital of Australia?")]);

    /// <summary>A pasted file with a question, an answer, and a follow-up instruction after it: about 2,000 tokens.</summary>
    internal static byte[] LongBody(SentencePieceTokenizer tokenizer)
    {
        var code = new StringBuilder("Here is our settlement module:\n\n```python\n");
        for (var i = 0; tokenizer.Encode(code.ToString()).Length < 1700; i++)
        {
            code.Append($"def settle_batch_{i}(ledger, entries, currency=\"EUR\"):\n");
            code.Append($"    total = sum(e.amount for e in entries if e.currency == currency)\n");
            code.Append($"    ledger.post(\"batch-{i}\", total)\n    return total\n\n");
        }
        code.Append("```\nWhy does the total come out wrong for mixed currencies?");
        return Body([
            ("user", code.ToString()),
            ("assistant", "The sum skips every entry whose currency differs from the default, so mixed batches are under-counted."),
            ("user", "Fix it so that other currencies are converted with ledger.rate(currency) before summing, and keep the signature."),
        ]);
    }

    private static byte[] Body(IEnumerable<(string Role, string Content)> messages) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        model = "router:software-engineering",
        messages = messages.Select(m => new { role = m.Role, content = m.Content }),
    });

    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
