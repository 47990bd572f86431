using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExtProcRouter.Comparison;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Tests.Comparison;

/// <summary>
/// A fake OpenAI-compatible judge upstream. For <see cref="ScoringModel"/> it scores an answer <see cref="FavouredScore"/>
/// when it contains <see cref="FavouredMarker"/> and <see cref="OtherScore"/> otherwise, whichever position the answer
/// is in, and wraps its JSON in prose and a code fence as real models do; for <see cref="GarbageModel"/> it answers
/// with text that has no score.
/// </summary>
internal sealed class FakeJudge : IAsyncDisposable
{
    public const string ScoringModel = "judge-scoring-1";
    public const string GarbageModel = "judge-garbage-1";
    public const string FavouredMarker = "[gemini]";
    public const double FavouredScore = 9;
    public const double OtherScore = 5;

    private const string AnswerAMarker = "[Answer A]\n";
    private const string AnswerBMarker = "\n\n[Answer B]\n";

    private readonly WebApplication _app;

    /// <summary>The judge prompts received (the last user message), in arrival order.</summary>
    public ConcurrentQueue<string> Prompts { get; } = new();

    public string Url { get; private set; } = "";

    private FakeJudge()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", AnswerAsync);
    }

    public static async Task<FakeJudge> StartAsync()
    {
        var judge = new FakeJudge();
        await judge._app.StartAsync();
        judge.Url = judge._app.Urls.First();
        return judge;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) ?? throw new InvalidOperationException("empty body");
        var model = body["model"]!.GetValue<string>();
        var prompt = body["messages"]!.AsArray().Last()!["content"]!.GetValue<string>();
        Prompts.Enqueue(prompt);
        var reply = model == ScoringModel ? Score(prompt) : "Both answers have their merits; I would not like to choose.";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$$"""
            {"id":"chatcmpl-judge","object":"chat.completion","created":1,"model":"{{{model}}}",
             "choices":[{"index":0,"message":{"role":"assistant","content":{{{JsonSerializer.Serialize(reply)}}}},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":50,"completion_tokens":10,"total_tokens":60}}
            """);
    }

    private static string Score(string prompt)
    {
        var a = prompt.IndexOf(AnswerAMarker, StringComparison.Ordinal);
        var b = prompt.IndexOf(AnswerBMarker, StringComparison.Ordinal);
        var answerA = prompt[(a + AnswerAMarker.Length)..b];
        var answerB = prompt[(b + AnswerBMarker.Length)..];
        return $"Here is my verdict:\n```json\n{{\"score_a\": {ScoreOf(answerA)}, \"score_b\": {ScoreOf(answerB)}}}\n```";
    }

    private static double ScoreOf(string answer) => answer.Contains(FavouredMarker, StringComparison.Ordinal) ? FavouredScore : OtherScore;

    /// <summary>Where an answer sits in a judge prompt built by <see cref="PairJudge.Prompt"/>.</summary>
    public static bool IsAnswerA(string prompt, string marker)
    {
        var a = prompt.IndexOf(AnswerAMarker, StringComparison.Ordinal);
        var b = prompt.IndexOf(AnswerBMarker, StringComparison.Ordinal);
        var at = prompt.IndexOf(marker, a, StringComparison.Ordinal);
        return at >= 0 && at < b;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
