using System.Text.Json;
using ExtProcRouter.Translation.Buffers;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.WellKnown;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// OpenAI Chat Completions request → Anthropic Messages request ("Messages" API reference,
/// docs.anthropic.com/en/api/messages; "OpenAI SDK compatibility" lists the same field mapping).
/// System and developer messages become <c>system</c>; tool results become <c>tool_result</c> blocks in a
/// user turn; tool calls become <c>tool_use</c> blocks. Anything without a faithful equivalent is refused.
/// </summary>
internal static class OpenAIToAnthropicRequest
{
    private const string Provider = "Anthropic";

    public readonly record struct Result(byte[] Body, bool Stream, bool ClientAskedForUsage);

    public static Result Translate(ReadOnlySpan<byte> body, string upstreamModelId)
    {
        using var document = RequestJson.ParseObject(body);
        var root = document.RootElement;
        var request = ReadTopLevel(root);

        using var buffer = new PooledByteBuffer();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, upstreamModelId);
            WriteSystem(writer, request.Messages);
            WriteMessages(writer, request.Messages);
            writer.WriteNumber("max_tokens"u8, request.MaxTokens ?? ProviderProtocol.AnthropicDefaultMaxTokens);
            if (request.Temperature is { } temperature) writer.WriteNumber("temperature"u8, temperature);
            if (request.TopP is { } topP) writer.WriteNumber("top_p"u8, topP);
            if (request.Stop is { Count: > 0 } stop)
            {
                writer.WriteStartArray("stop_sequences"u8);
                foreach (var sequence in stop) writer.WriteStringValue(sequence);
                writer.WriteEndArray();
            }
            if (request.Stream) writer.WriteBoolean("stream"u8, true);
            if (request.Tools is { } tools) WriteTools(writer, tools);
            WriteToolChoice(writer, request.ToolChoice, request.ParallelToolCalls);
            if (request.User is { } user)
            {
                writer.WriteStartObject("metadata"u8);
                writer.WriteString("user_id"u8, user);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return new Result(buffer.ToArray(), request.Stream, request.IncludeUsage);
    }

    private sealed record TopLevel(JsonElement Messages)
    {
        public long? MaxTokens { get; set; }
        public double? Temperature { get; set; }
        public double? TopP { get; set; }
        public List<string>? Stop { get; set; }
        public bool Stream { get; set; }
        public bool IncludeUsage { get; set; }
        public JsonElement? Tools { get; set; }
        public JsonElement? ToolChoice { get; set; }
        public bool? ParallelToolCalls { get; set; }
        public string? User { get; set; }
    }

    private static TopLevel ReadTopLevel(JsonElement root)
    {
        if (RequestJson.Optional(root, "model") is not { } model) throw RequestJson.Invalid("model", "is required.");
        RequestJson.RequireString(model, "model");
        if (RequestJson.Optional(root, "messages") is not { } messages) throw RequestJson.Invalid("messages", "is required.");
        var request = new TopLevel(RequestJson.RequireArray(messages, "messages"));

        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null) continue;
            switch (property.Name)
            {
                case "model" or "messages":
                    break;
                case "max_tokens" or "max_completion_tokens":
                    request.MaxTokens = RequestJson.RequireInteger(value, property.Name);
                    break;
                case "temperature":
                    var temperature = RequestJson.RequireNumber(value, "temperature");
                    if (temperature is < 0 or > 1)
                        throw RequestJson.Unsupported("temperature", Provider, "Anthropic accepts temperatures from 0 to 1");
                    request.Temperature = temperature;
                    break;
                case "top_p":
                    request.TopP = RequestJson.RequireNumber(value, "top_p");
                    break;
                case "stop":
                    request.Stop = ReadStop(value);
                    break;
                case "stream":
                    request.Stream = RequestJson.RequireBoolean(value, "stream");
                    break;
                case "stream_options":
                    if (RequestJson.Optional(RequestJson.RequireObject(value, "stream_options"), "include_usage") is { } include)
                        request.IncludeUsage = RequestJson.RequireBoolean(include, "stream_options.include_usage");
                    break;
                case "tools":
                    request.Tools = RequestJson.RequireArray(value, "tools");
                    break;
                case "tool_choice":
                    request.ToolChoice = value;
                    break;
                case "parallel_tool_calls":
                    request.ParallelToolCalls = RequestJson.RequireBoolean(value, "parallel_tool_calls");
                    break;
                case "user":
                    request.User = RequestJson.RequireString(value, "user");
                    break;
                case "n":
                    if (value.ValueKind != JsonValueKind.Number || value.GetDouble() != 1)
                        throw RequestJson.Unsupported("n", Provider, "only one choice per request");
                    break;
                case "frequency_penalty" or "presence_penalty":
                    if (RequestJson.RequireNumber(value, property.Name) != 0) throw RequestJson.Unsupported(property.Name, Provider);
                    break;
                case "logprobs" or "store":
                    if (RequestJson.RequireBoolean(value, property.Name)) throw RequestJson.Unsupported(property.Name, Provider);
                    break;
                case "response_format":
                    var formatType = RequestJson.Optional(value, "type");
                    if (formatType is not { ValueKind: JsonValueKind.String } || formatType.Value.GetString() != "text")
                        throw RequestJson.Unsupported("response_format", Provider, "only {\"type\":\"text\"}");
                    break;
                default:
                    throw RequestJson.Unsupported(property.Name, Provider);
            }
        }
        return request;
    }

    private static List<string> ReadStop(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        var stop = new List<string>();
        var i = 0;
        foreach (var item in RequestJson.RequireArray(value, "stop").EnumerateArray())
            stop.Add(RequestJson.RequireString(item, $"stop[{i++}]"));
        return stop;
    }

    private static void WriteSystem(Utf8JsonWriter writer, JsonElement messages)
    {
        List<string>? system = null;
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var field = $"messages[{i++}]";
            var role = RoleOf(message, field);
            if (role is not ("system" or "developer")) continue;
            var content = RequestJson.Optional(message, "content") ?? throw RequestJson.Invalid(field + ".content", "is required.");
            (system ??= []).Add(RequestJson.TextOf(content, field + ".content", Provider));
        }
        if (system is null) return;
        if (system.Count == 1)
        {
            writer.WriteString("system"u8, system[0]);
            return;
        }
        writer.WriteStartArray("system"u8);
        foreach (var text in system) WriteTextBlock(writer, text);
        writer.WriteEndArray();
    }

    private static void WriteMessages(Utf8JsonWriter writer, JsonElement messages)
    {
        writer.WriteStartArray("messages"u8);
        var toolResultsOpen = false;
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var field = $"messages[{i++}]";
            var role = RoleOf(message, field);
            if (role is "system" or "developer") continue;
            if (role == "tool")
            {
                // Consecutive tool results answer one assistant turn: they share one user turn, as Anthropic expects.
                if (!toolResultsOpen)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role"u8, "user"u8);
                    writer.WriteStartArray("content"u8);
                    toolResultsOpen = true;
                }
                WriteToolResult(writer, message, field);
                continue;
            }
            if (toolResultsOpen)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
                toolResultsOpen = false;
            }
            RejectUnknownMessageFields(message, field, role);
            if (role == "user") WriteUserMessage(writer, message, field);
            else if (role == "assistant") WriteAssistantMessage(writer, message, field);
            else throw RequestJson.Unsupported(field + ".role", Provider, $"role '{role}'");
        }
        if (toolResultsOpen)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static string RoleOf(JsonElement message, string field)
    {
        RequestJson.RequireObject(message, field);
        return RequestJson.RequireString(RequestJson.Optional(message, "role") ?? throw RequestJson.Invalid(field + ".role", "is required."), field + ".role");
    }

    private static void RejectUnknownMessageFields(JsonElement message, string field, string role)
    {
        foreach (var property in message.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null) continue;
            var known = property.Name is "role" or "content" || (role == "assistant" && property.Name is "tool_calls" or "refusal");
            if (!known) throw RequestJson.Unsupported($"{field}.{property.Name}", Provider);
        }
    }

    private static void WriteUserMessage(Utf8JsonWriter writer, JsonElement message, string field)
    {
        var content = RequestJson.Optional(message, "content") ?? throw RequestJson.Invalid(field + ".content", "is required.");
        writer.WriteStartObject();
        writer.WriteString("role"u8, "user"u8);
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("content"u8, content.GetString());
        }
        else
        {
            writer.WriteStartArray("content"u8);
            var j = 0;
            foreach (var part in RequestJson.RequireArray(content, field + ".content").EnumerateArray())
                WriteUserPart(writer, part, $"{field}.content[{j++}]");
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteUserPart(Utf8JsonWriter writer, JsonElement part, string field)
    {
        var type = RequestJson.RequireString(RequestJson.Optional(part, "type") ?? throw RequestJson.Invalid(field + ".type", "is required."), field + ".type");
        switch (type)
        {
            case "text":
                WriteTextBlock(writer, RequestJson.RequireString(RequestJson.Optional(part, "text") ?? throw RequestJson.Invalid(field + ".text", "is required."), field + ".text"));
                break;
            case "image_url":
                var image = RequestJson.RequireObject(RequestJson.Optional(part, "image_url") ?? throw RequestJson.Invalid(field + ".image_url", "is required."), field + ".image_url");
                var url = RequestJson.RequireString(RequestJson.Optional(image, "url") ?? throw RequestJson.Invalid(field + ".image_url.url", "is required."), field + ".image_url.url");
                // Anthropic "Vision": images as base64 sources or as URL sources.
                writer.WriteStartObject();
                writer.WriteString("type"u8, "image"u8);
                writer.WriteStartObject("source"u8);
                if (DataUrl.TryParse(url, out var data))
                {
                    writer.WriteString("type"u8, "base64"u8);
                    writer.WriteString("media_type"u8, data.MediaType);
                    writer.WriteString("data"u8, data.Base64Data);
                }
                else if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    writer.WriteString("type"u8, "url"u8);
                    writer.WriteString("url"u8, url);
                }
                else
                {
                    throw RequestJson.Invalid(field + ".image_url.url", "must be an http(s) URL or a base64 data: URL.");
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            default:
                throw RequestJson.Unsupported(field + ".type", Provider, $"content part '{type}'");
        }
    }

    private static void WriteAssistantMessage(Utf8JsonWriter writer, JsonElement message, string field)
    {
        var content = RequestJson.Optional(message, "content");
        var toolCalls = RequestJson.Optional(message, "tool_calls");
        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant"u8);
        if (toolCalls is null && content is { ValueKind: JsonValueKind.String } text)
        {
            writer.WriteString("content"u8, text.GetString());
            writer.WriteEndObject();
            return;
        }
        writer.WriteStartArray("content"u8);
        if (content is { } value)
        {
            var assistantText = RequestJson.TextOf(value, field + ".content", Provider);
            if (assistantText.Length > 0) WriteTextBlock(writer, assistantText);
        }
        if (toolCalls is { } calls)
        {
            var j = 0;
            foreach (var call in RequestJson.RequireArray(calls, field + ".tool_calls").EnumerateArray())
                WriteToolUse(writer, call, $"{field}.tool_calls[{j++}]");
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteToolUse(Utf8JsonWriter writer, JsonElement call, string field)
    {
        var type = RequestJson.Optional(call, "type");
        if (type is { } t && RequestJson.RequireString(t, field + ".type") != "function")
            throw RequestJson.Unsupported(field + ".type", Provider, "only function tool calls");
        var id = RequestJson.RequireString(RequestJson.Optional(call, "id") ?? throw RequestJson.Invalid(field + ".id", "is required."), field + ".id");
        var function = RequestJson.RequireObject(RequestJson.Optional(call, "function") ?? throw RequestJson.Invalid(field + ".function", "is required."), field + ".function");
        var name = RequestJson.RequireString(RequestJson.Optional(function, "name") ?? throw RequestJson.Invalid(field + ".function.name", "is required."), field + ".function.name");
        var arguments = RequestJson.Optional(function, "arguments");
        using var input = RequestJson.ParseEmbeddedObject(arguments is { } a ? RequestJson.RequireString(a, field + ".function.arguments") : null, field + ".function.arguments");
        writer.WriteStartObject();
        writer.WriteString("type"u8, "tool_use"u8);
        writer.WriteString("id"u8, id);
        writer.WriteString("name"u8, name);
        writer.WritePropertyName("input"u8);
        input.RootElement.WriteTo(writer);
        writer.WriteEndObject();
    }

    private static void WriteToolResult(Utf8JsonWriter writer, JsonElement message, string field)
    {
        var id = RequestJson.RequireString(RequestJson.Optional(message, "tool_call_id") ?? throw RequestJson.Invalid(field + ".tool_call_id", "is required."), field + ".tool_call_id");
        var content = RequestJson.Optional(message, "content") ?? throw RequestJson.Invalid(field + ".content", "is required.");
        writer.WriteStartObject();
        writer.WriteString("type"u8, "tool_result"u8);
        writer.WriteString("tool_use_id"u8, id);
        writer.WriteString("content"u8, RequestJson.TextOf(content, field + ".content", Provider));
        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, JsonElement tools)
    {
        writer.WriteStartArray("tools"u8);
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var field = $"tools[{i++}]";
            var type = RequestJson.RequireString(RequestJson.Optional(tool, "type") ?? throw RequestJson.Invalid(field + ".type", "is required."), field + ".type");
            if (type != "function") throw RequestJson.Unsupported(field + ".type", Provider, $"tool type '{type}'");
            var function = RequestJson.RequireObject(RequestJson.Optional(tool, "function") ?? throw RequestJson.Invalid(field + ".function", "is required."), field + ".function");
            writer.WriteStartObject();
            writer.WriteString("name"u8, RequestJson.RequireString(RequestJson.Optional(function, "name") ?? throw RequestJson.Invalid(field + ".function.name", "is required."), field + ".function.name"));
            if (RequestJson.Optional(function, "description") is { } description)
                writer.WriteString("description"u8, RequestJson.RequireString(description, field + ".function.description"));
            writer.WritePropertyName("input_schema"u8);
            if (RequestJson.Optional(function, "parameters") is { } parameters) RequestJson.RequireObject(parameters, field + ".function.parameters").WriteTo(writer);
            else writer.WriteRawValue("{\"type\":\"object\",\"properties\":{}}"u8, skipInputValidation: true);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>"Tool use" → tool_choice: auto / any / tool / none, and disable_parallel_tool_use.</summary>
    private static void WriteToolChoice(Utf8JsonWriter writer, JsonElement? choice, bool? parallelToolCalls)
    {
        if (choice is null && parallelToolCalls is not false) return;
        writer.WriteStartObject("tool_choice"u8);
        if (choice is not { } value)
        {
            writer.WriteString("type"u8, "auto"u8);
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("type"u8, value.GetString() switch
            {
                "auto" => "auto",
                "none" => "none",
                "required" => "any",
                var other => throw RequestJson.Invalid("tool_choice", $"unknown value '{other}'."),
            });
        }
        else
        {
            var function = RequestJson.Optional(RequestJson.RequireObject(value, "tool_choice"), "function") ?? throw RequestJson.Invalid("tool_choice.function", "is required.");
            writer.WriteString("type"u8, "tool"u8);
            writer.WriteString("name"u8, RequestJson.RequireString(RequestJson.Optional(function, "name") ?? throw RequestJson.Invalid("tool_choice.function.name", "is required."), "tool_choice.function.name"));
        }
        if (parallelToolCalls is false) writer.WriteBoolean("disable_parallel_tool_use"u8, true);
        writer.WriteEndObject();
    }

    private static void WriteTextBlock(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }
}
