using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Tests.EndToEnd;

/// <summary>
/// Fake Anthropic Messages and Gemini upstreams on one ephemeral port, answering in each API's documented wire
/// format (JSON and SSE) with an echo of the last user text, and recording the requests and their auth headers.
/// Anthropic shapes: docs.anthropic.com "Messages" and "Streaming Messages"; Gemini: ai.google.dev
/// "generateContent" / "streamGenerateContent" (alt=sse).
/// </summary>
internal sealed class FakeProviders : IAsyncDisposable
{
    public const string AnthropicPrefix = "[anthropic] ";
    public const string GeminiPrefix = "[gemini] ";

    /// <summary>A user message that makes the fake answer 200 with a body that is not JSON.</summary>
    public const string AnswerMalformed = "please answer with a malformed body";

    private readonly WebApplication _app;

    public ConcurrentQueue<(string Path, string? ApiKey, JsonNode Body)> Requests { get; } = new();

    public string Url { get; private set; } = "";

    private FakeProviders()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/messages", AnthropicAsync);
        _app.MapPost("/v1beta/models/{**modelAndMethod}", GeminiAsync);
    }

    public static async Task<FakeProviders> StartAsync()
    {
        var providers = new FakeProviders();
        await providers._app.StartAsync();
        providers.Url = providers._app.Urls.First();
        return providers;
    }

    private async Task<JsonNode> ReadAsync(HttpContext context, string apiKeyHeader)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) ?? throw new InvalidOperationException("empty body");
        Requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers[apiKeyHeader].FirstOrDefault(), body));
        return body;
    }

    private static string LastUserText(JsonArray messages, string textPath)
    {
        var last = messages.Last(m => m?["role"]?.GetValue<string>() == "user")!;
        var content = textPath == "parts" ? last["parts"] : last["content"];
        return content is JsonValue v ? v.GetValue<string>() : string.Concat(content!.AsArray().Select(p => p?["text"]?.GetValue<string>()));
    }

    private async Task AnthropicAsync(HttpContext context)
    {
        var body = await ReadAsync(context, "x-api-key");
        var text = AnthropicPrefix + LastUserText(body["messages"]!.AsArray(), "content");
        var model = body["model"]!.GetValue<string>();
        if (body["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            await SseAsync(context, "message_start", """{"type":"message_start","message":{"id":"msg_fake","type":"message","role":"assistant","content":[],"model":""" + JsonSerializer.Serialize(model)
                + ""","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}""");
            await SseAsync(context, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
            await SseAsync(context, "ping", """{"type":"ping"}""");
            foreach (var piece in Pieces(text))
                await SseAsync(context, "content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":{{{JsonSerializer.Serialize(piece)}}}}}""");
            await SseAsync(context, "content_block_stop", """{"type":"content_block_stop","index":0}""");
            await SseAsync(context, "message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}}""");
            await SseAsync(context, "message_stop", """{"type":"message_stop"}""");
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$$"""{"id":"msg_fake","type":"message","role":"assistant","model":"{{{model}}}","content":[{"type":"text","text":{{{JsonSerializer.Serialize(text)}}}}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":7}}""");
    }

    private async Task GeminiAsync(HttpContext context)
    {
        var body = await ReadAsync(context, "x-goog-api-key");
        var text = GeminiPrefix + LastUserText(body["contents"]!.AsArray(), "parts");
        if (text.EndsWith(AnswerMalformed, StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"candidates\": [tru");
            return;
        }
        var modelAndMethod = (string)context.Request.RouteValues["modelAndMethod"]!;
        const string usage = "\"usageMetadata\":{\"promptTokenCount\":12,\"candidatesTokenCount\":7,\"totalTokenCount\":19}";
        if (modelAndMethod.EndsWith(":streamGenerateContent", StringComparison.Ordinal))
        {
            context.Response.ContentType = "text/event-stream";
            var pieces = Pieces(text).ToList();
            for (var i = 0; i < pieces.Count; i++)
            {
                var last = i == pieces.Count - 1;
                var finish = last ? ",\"finishReason\":\"STOP\"" : "";
                var tail = last ? "," + usage : "";
                await SseAsync(context, null, $$$"""{"candidates":[{"content":{"parts":[{"text":{{{JsonSerializer.Serialize(pieces[i])}}}}],"role":"model"}{{{finish}}},"index":0}]{{{tail}}},"modelVersion":"gemini-fake"}""");
            }
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$$"""{"candidates":[{"content":{"parts":[{"text":{{{JsonSerializer.Serialize(text)}}}}],"role":"model"},"finishReason":"STOP","index":0}],{{{usage}}},"modelVersion":"gemini-fake"}""");
    }

    private static IEnumerable<string> Pieces(string text)
    {
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++) yield return i == 0 ? words[i] : " " + words[i];
    }

    private static async Task SseAsync(HttpContext context, string? eventName, string data)
    {
        var frame = (eventName is null ? "" : $"event: {eventName}\n") + $"data: {data}\n\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame));
        await context.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
