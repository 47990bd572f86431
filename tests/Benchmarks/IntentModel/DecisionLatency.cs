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
/// body, trim it, classify it against 10 routes (tokenize, one batched encoder run, the head). Route embeddings are
/// cached after the first request, as in serving. Every measured request carries texts the classifier has not seen
/// (a number in each view), so the conversation cache cannot turn a repeated request into a free one:
/// <list type="bullet">
/// <item>short question, cold: one new short message;</item>
/// <item>2k-token conversation, cold: a new pasted file (~1.7k tokens), a new answer and a new follow-up;</item>
/// <item>2k-token conversation, warm follow-up: request N+1 of a conversation whose request N (sent just before,
/// not timed) had the pasted file as its latest message; the answer and the follow-up are new.</item>
/// </list>
/// </summary>
/// <remarks>
/// Usage: <c>Benchmarks decision-latency [runs] [onnx|onnx-finetuned|onnx-finetuned-int8] [intra-op-threads|default]
/// [conversation-cache-entries]</c> from the repository root after <c>make setup</c>. A plain timer: the numbers
/// wanted are percentiles of single decisions.
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
        var cacheCapacity = args.Length > 3 && int.TryParse(args[3], out var capacity) ? capacity : TokenWindowEmbeddingCache.DefaultCapacity;
        using var classifier = OnnxMoeClassifier.Load(environment, files, options, conversationCacheCapacity: cacheCapacity);
        Console.WriteLine($"classifier {name}: loaded in {Stopwatch.GetElapsedTime(loadStarted).TotalMilliseconds:F0} ms; encoder intra-op threads {options?.IntraOpThreads.ToString() ?? "default"}; conversation cache {cacheCapacity} entries; {Routes.Length} routes; {runs} decisions per case; {Environment.ProcessorCount} cores");

        var tokenizer = SentencePieceTokenizer.Load(files.VocabularyPath);
        var pastedFile = PastedFile(tokenizer);
        var nonce = 0;
        var cases = new (string Label, Func<int, (byte[]? Earlier, byte[] Measured)> Request)[]
        {
            ("short question, cold", i => (null, ShortBody(i))),
            ("2k-token conversation, cold", i => (null, LongBody(pastedFile, i))),
            ("2k-token conversation, warm follow-up", i => (Body([("user", NewFile(pastedFile, i))]), LongBody(pastedFile, i))),
        };
        foreach (var (_, request) in cases) await DecideAsync(classifier, request(nonce++).Measured); // warm-up: JIT, route embeddings into the cache
        // Bodies are built before timing: only the decisions are measured. The cases take turns within each
        // iteration, so that the load of a shared machine falls on all of them alike.
        var requests = cases.Select(c => Enumerable.Range(0, runs).Select(_ => c.Request(nonce++)).ToArray()).ToArray();
        var samples = cases.Select(_ => new double[runs]).ToArray();
        var hits = new long[cases.Length];
        var lookups = new long[cases.Length];
        var cache = classifier.ConversationCache;
        for (var i = 0; i < runs; i++)
        {
            for (var c = 0; c < cases.Length; c++)
            {
                var (hitsBefore, missesBefore) = (cache?.Hits ?? 0, cache?.Misses ?? 0);
                if (requests[c][i].Earlier is { } earlier) await DecideAsync(classifier, earlier);
                var started = Stopwatch.GetTimestamp();
                await DecideAsync(classifier, requests[c][i].Measured);
                samples[c][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                hits[c] += (cache?.Hits ?? 0) - hitsBefore;
                lookups[c] += (cache?.Hits ?? 0) - hitsBefore + (cache?.Misses ?? 0) - missesBefore;
            }
        }
        for (var c = 0; c < cases.Length; c++)
        {
            var tokens = ConversationReader.Read(requests[c][0].Measured, ApiFormat.OpenAIChat).Sum(turn => tokenizer.Encode(turn.Text).Length);
            var sorted = samples[c];
            Array.Sort(sorted);
            Console.WriteLine($"| {cases[c].Label} | {tokens} tokens | p50 {Percentile(sorted, 0.50):F2} ms | p90 {Percentile(sorted, 0.90):F2} ms | p99 {Percentile(sorted, 0.99):F2} ms | max {sorted[^1]:F2} ms | cache hits {hits[c]} / lookups {lookups[c]} (incl. untimed earlier requests) |");
        }
        return 0;
    }

    private static async Task<IntentDecision> DecideAsync(IIntentClassifier classifier, byte[] body) =>
        await classifier.ClassifyAsync(ConversationTrimmer.Trim(ConversationReader.Read(body, ApiFormat.OpenAIChat)), Routes, CancellationToken.None);

    private static byte[] ShortBody(int nonce) => Body([("user", $"What is the capital of Australia? (question {nonce})")]);

    /// <summary>A Python file of about 1,700 tokens with a question after it.</summary>
    internal static string PastedFile(SentencePieceTokenizer tokenizer)
    {
        var code = new StringBuilder("```python\n");
        for (var i = 0; tokenizer.Encode(code.ToString()).Length < 1700; i++)
        {
            code.Append($"def settle_batch_{i}(ledger, entries, currency=\"EUR\"):\n");
            code.Append($"    total = sum(e.amount for e in entries if e.currency == currency)\n");
            code.Append($"    ledger.post(\"batch-{i}\", total)\n    return total\n\n");
        }
        code.Append("```\nWhy does the total come out wrong for mixed currencies?");
        return code.ToString();
    }

    /// <summary>The pasted file as the user sends it; <paramref name="nonce"/> is in the first tokens, inside the encoder's window.</summary>
    private static string NewFile(string pastedFile, int nonce) => $"Here is our settlement module, revision {nonce}:\n\n{pastedFile}";

    /// <summary>A pasted file with a question, an answer, and a follow-up instruction after it: about 2,000 tokens.</summary>
    internal static byte[] LongBody(string pastedFile, int nonce) => Body([
        ("user", NewFile(pastedFile, nonce)),
        ("assistant", $"In revision {nonce} the sum skips every entry whose currency differs from the default, so mixed batches are under-counted."),
        ("user", $"Fix it so that other currencies are converted with ledger.rate(currency) before summing, and keep the signature (ticket {nonce})."),
    ]);

    private static byte[] Body(IEnumerable<(string Role, string Content)> messages) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        model = "router:software-engineering",
        messages = messages.Select(m => new { role = m.Role, content = m.Content }),
    });

    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
