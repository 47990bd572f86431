using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ExtProcRouter.Simulation;

/// <summary>
/// A deterministic, clearly labelled stand-in for an OpenAI-compatible provider, so that `make run` answers without
/// provider keys: it echoes the last user message, reports usage (prompt tokens = characters / 4, completion tokens =
/// words), and streams the reply word by word as server-sent events when asked to.
/// </summary>
public static class SimulatedProvider
{
    public const string Fingerprint = "extproc-router-simulated";
    public const string ReplyPrefix = "[simulated] You said: ";

    public static async Task HandleChatCompletionsAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(context, 400, $"We could not parse the JSON body of your request: {ex.Message}");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                await WriteErrorAsync(context, 400, "'messages' is a required property");
                return;
            }
            var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "simulated";
            var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
            var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
                && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
            var (lastUser, promptChars) = Summarise(messages);
            var reply = ReplyPrefix + lastUser;
            var usage = new Usage(Math.Max(1, promptChars / 4), reply.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            var id = "chatcmpl-sim-" + StableHash(reply);
            if (stream) await WriteStreamAsync(context, id, model, reply, includeUsage ? usage : null);
            else await WriteJsonAsync(context, id, model, reply, usage);
        }
    }

    private static (string LastUser, int PromptChars) Summarise(JsonElement messages)
    {
        var lastUser = "";
        var chars = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content)) continue;
            var text = content.ValueKind switch
            {
                JsonValueKind.String => content.GetString() ?? "",
                JsonValueKind.Array => string.Join(" ", content.EnumerateArray()
                    .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out _))
                    .Select(p => p.GetProperty("text").GetString())),
                _ => "",
            };
            chars += text.Length;
            if (message.TryGetProperty("role", out var role) && role.ValueEquals("user")) lastUser = text;
        }
        return (lastUser, chars);
    }

    private readonly record struct Usage(int Prompt, int Completion);

    private static async Task WriteJsonAsync(HttpContext context, string id, string model, string reply, Usage usage)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteEnvelope(json, id, "chat.completion", model);
            json.WriteStartArray("choices");
            json.WriteStartObject();
            json.WriteNumber("index", 0);
            json.WriteStartObject("message");
            json.WriteString("role", "assistant");
            json.WriteString("content", reply);
            json.WriteEndObject();
            json.WriteString("finish_reason", "stop");
            json.WriteEndObject();
            json.WriteEndArray();
            WriteUsage(json, usage);
            json.WriteEndObject();
        }
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    private static async Task WriteStreamAsync(HttpContext context, string id, string model, string reply, Usage? usage)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var words = reply.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var piece = i == 0 ? words[i] : " " + words[i];
            await WriteEventAsync(context, json => WriteChunk(json, id, model, i == 0, piece, null));
        }
        await WriteEventAsync(context, json => WriteChunk(json, id, model, false, null, "stop"));
        if (usage is { } u)
        {
            await WriteEventAsync(context, json =>
            {
                json.WriteStartObject();
                WriteEnvelope(json, id, "chat.completion.chunk", model);
                json.WriteStartArray("choices");
                json.WriteEndArray();
                WriteUsage(json, u);
                json.WriteEndObject();
            });
        }
        await context.Response.Body.WriteAsync("data: [DONE]\n\n"u8.ToArray(), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static void WriteChunk(Utf8JsonWriter json, string id, string model, bool first, string? content, string? finishReason)
    {
        json.WriteStartObject();
        WriteEnvelope(json, id, "chat.completion.chunk", model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("delta");
        if (first) json.WriteString("role", "assistant");
        if (content is not null) json.WriteString("content", content);
        json.WriteEndObject();
        if (finishReason is null) json.WriteNull("finish_reason");
        else json.WriteString("finish_reason", finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async Task WriteEventAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("data: "u8);
        using (var json = new Utf8JsonWriter(buffer)) write(json);
        buffer.Write("\n\n"u8);
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static void WriteEnvelope(Utf8JsonWriter json, string id, string kind, string model)
    {
        json.WriteString("id", id);
        json.WriteString("object", kind);
        json.WriteNumber("created", 1_700_000_000);
        json.WriteString("model", model);
        json.WriteString("system_fingerprint", Fingerprint);
    }

    private static void WriteUsage(Utf8JsonWriter json, Usage usage)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", usage.Prompt);
        json.WriteNumber("completion_tokens", usage.Completion);
        json.WriteNumber("total_tokens", usage.Prompt + usage.Completion);
        json.WriteEndObject();
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", "invalid_request_error");
            json.WriteNull("code");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>A hash that is the same in every process (string.GetHashCode is randomised per process).</summary>
    private static string StableHash(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
