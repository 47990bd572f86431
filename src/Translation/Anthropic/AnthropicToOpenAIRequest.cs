using System.Text;
using System.Text.Json;
using ExtProcRouter.Translation.Buffers;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.Anthropic;

/// <summary>
/// Anthropic Messages request (e.g. from Claude Code; "Messages" API reference) → OpenAI Chat Completions
/// request for an OpenAI-compatible upstream. tool_result blocks become <c>tool</c> messages placed right
/// after the assistant turn that called them, as OpenAI requires; images become image_url parts.
/// </summary>
internal static class AnthropicToOpenAIRequest
{
    private const string Provider = "an OpenAI-compatible API";

    public readonly record struct Result(byte[] Body, bool Stream);

    public static Result Translate(ReadOnlySpan<byte> body, string upstreamModelId)
    {
        using var document = RequestJson.ParseObject(body);
        var root = document.RootElement;
        if (RequestJson.Optional(root, "model") is not { } model) throw RequestJson.Invalid("model", "is required.");
        RequestJson.RequireString(model, "model");
        if (RequestJson.Optional(root, "messages") is not { } messages) throw RequestJson.Invalid("messages", "is required.");
        RequestJson.RequireArray(messages, "messages");

        var stream = false;
        using var buffer = new PooledByteBuffer();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("model"u8, upstreamModelId);
            writer.WriteStartArray("messages"u8);
            if (RequestJson.Optional(root, "system") is { } system)
            {
                writer.WriteStartObject();
                writer.WriteString("role"u8, "system"u8);
                writer.WriteString("content"u8, SystemText(system));
                writer.WriteEndObject();
            }
            var i = 0;
            foreach (var message in messages.EnumerateArray()) WriteMessage(writer, message, $"messages[{i++}]");
            writer.WriteEndArray();

            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Null) continue;
                switch (property.Name)
                {
                    case "model" or "messages" or "system":
                        break;
                    case "max_tokens":
                        writer.WriteNumber("max_completion_tokens"u8, RequestJson.RequireInteger(value, "max_tokens"));
                        break;
                    case "temperature":
                        writer.WriteNumber("temperature"u8, RequestJson.RequireNumber(value, "temperature"));
                        break;
                    case "top_p":
                        writer.WriteNumber("top_p"u8, RequestJson.RequireNumber(value, "top_p"));
                        break;
                    case "stop_sequences":
                        writer.WriteStartArray("stop"u8);
                        var j = 0;
                        foreach (var item in RequestJson.RequireArray(value, "stop_sequences").EnumerateArray())
                            writer.WriteStringValue(RequestJson.RequireString(item, $"stop_sequences[{j++}]"));
                        writer.WriteEndArray();
                        break;
                    case "stream":
                        stream = RequestJson.RequireBoolean(value, "stream");
                        if (stream)
                        {
                            writer.WriteBoolean("stream"u8, true);
                            writer.WriteStartObject("stream_options"u8);
                            writer.WriteBoolean("include_usage"u8, true);
                            writer.WriteEndObject();
                        }
                        break;
                    case "tools":
                        WriteTools(writer, value);
                        break;
                    case "tool_choice":
                        WriteToolChoice(writer, value);
                        break;
                    case "metadata":
                        if (RequestJson.Optional(RequestJson.RequireObject(value, "metadata"), "user_id") is { } user)
                            writer.WriteString("user"u8, RequestJson.RequireString(user, "metadata.user_id"));
                        break;
                    case "thinking":
                        var thinkingType = RequestJson.Optional(value, "type");
                        if (thinkingType is not { ValueKind: JsonValueKind.String } || thinkingType.Value.GetString() != "disabled")
                            throw RequestJson.Unsupported("thinking", Provider, "extended thinking has no OpenAI Chat equivalent");
                        break;
                    default:
                        throw RequestJson.Unsupported(property.Name, Provider);
                }
            }
            writer.WriteEndObject();
        }
        return new Result(buffer.ToArray(), stream);
    }

    private static string SystemText(JsonElement system)
    {
        if (system.ValueKind == JsonValueKind.String) return system.GetString()!;
        var text = new StringBuilder();
        var i = 0;
        foreach (var block in RequestJson.RequireArray(system, "system").EnumerateArray())
        {
            var field = $"system[{i++}]";
            var type = TypeOf(block, field);
            if (type != "text") throw RequestJson.Unsupported(field + ".type", Provider, $"system block '{type}'");
            if (text.Length > 0) text.Append("\n\n");
            text.Append(RequestJson.RequireString(RequestJson.Optional(block, "text") ?? throw RequestJson.Invalid(field + ".text", "is required."), field + ".text"));
        }
        return text.ToString();
    }

    private static string TypeOf(JsonElement block, string field)
    {
        RequestJson.RequireObject(block, field);
        return RequestJson.RequireString(RequestJson.Optional(block, "type") ?? throw RequestJson.Invalid(field + ".type", "is required."), field + ".type");
    }

    private static void WriteMessage(Utf8JsonWriter writer, JsonElement message, string field)
    {
        RequestJson.RequireObject(message, field);
        var role = RequestJson.RequireString(RequestJson.Optional(message, "role") ?? throw RequestJson.Invalid(field + ".role", "is required."), field + ".role");
        var content = RequestJson.Optional(message, "content") ?? throw RequestJson.Invalid(field + ".content", "is required.");
        if (role is not ("user" or "assistant")) throw RequestJson.Invalid(field + ".role", $"must be 'user' or 'assistant', not '{role}'.");

        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, role);
            writer.WriteString("content"u8, content.GetString());
            writer.WriteEndObject();
            return;
        }
        RequestJson.RequireArray(content, field + ".content");
        if (role == "assistant") WriteAssistant(writer, content, field);
        else WriteUser(writer, content, field);
    }

    private static void WriteAssistant(Utf8JsonWriter writer, JsonElement content, string field)
    {
        var text = new StringBuilder();
        var hasToolCalls = false;
        var i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockField = $"{field}.content[{i++}]";
            switch (TypeOf(block, blockField))
            {
                case "text":
                    text.Append(RequestJson.RequireString(RequestJson.Optional(block, "text") ?? throw RequestJson.Invalid(blockField + ".text", "is required."), blockField + ".text"));
                    break;
                case "tool_use":
                    hasToolCalls = true;
                    break;
                case "thinking" or "redacted_thinking":
                    // Earlier reasoning is the previous model's private scratchpad; OpenAI Chat has no input field for it.
                    break;
                case var other:
                    throw RequestJson.Unsupported(blockField + ".type", Provider, $"assistant block '{other}'");
            }
        }
        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant"u8);
        if (text.Length > 0 || !hasToolCalls) writer.WriteString("content"u8, text.ToString());
        else writer.WriteNull("content"u8);
        if (hasToolCalls)
        {
            writer.WriteStartArray("tool_calls"u8);
            i = 0;
            foreach (var block in content.EnumerateArray())
            {
                var blockField = $"{field}.content[{i++}]";
                if (TypeOf(block, blockField) != "tool_use") continue;
                writer.WriteStartObject();
                writer.WriteString("id"u8, RequestJson.RequireString(RequestJson.Optional(block, "id") ?? throw RequestJson.Invalid(blockField + ".id", "is required."), blockField + ".id"));
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, RequestJson.RequireString(RequestJson.Optional(block, "name") ?? throw RequestJson.Invalid(blockField + ".name", "is required."), blockField + ".name"));
                var input = RequestJson.Optional(block, "input");
                writer.WriteString("arguments"u8, input is { } value ? RequestJson.RequireObject(value, blockField + ".input").GetRawText() : "{}");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter writer, JsonElement content, string field)
    {
        // Tool results answer the previous assistant turn, so they go first, each as its own tool message.
        var hasOtherParts = false;
        var i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockField = $"{field}.content[{i++}]";
            if (TypeOf(block, blockField) != "tool_result")
            {
                hasOtherParts = true;
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString("role"u8, "tool"u8);
            writer.WriteString("tool_call_id"u8, RequestJson.RequireString(RequestJson.Optional(block, "tool_use_id") ?? throw RequestJson.Invalid(blockField + ".tool_use_id", "is required."), blockField + ".tool_use_id"));
            var result = RequestJson.Optional(block, "content");
            var text = result is { } value ? ToolResultText(value, blockField + ".content") : "";
            if (RequestJson.Optional(block, "is_error") is { ValueKind: JsonValueKind.True }) text = "Error: " + text;
            writer.WriteString("content"u8, text);
            writer.WriteEndObject();
        }
        if (!hasOtherParts) return;

        writer.WriteStartObject();
        writer.WriteString("role"u8, "user"u8);
        writer.WriteStartArray("content"u8);
        i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockField = $"{field}.content[{i++}]";
            switch (TypeOf(block, blockField))
            {
                case "tool_result":
                    break;
                case "text":
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("text"u8, RequestJson.RequireString(RequestJson.Optional(block, "text") ?? throw RequestJson.Invalid(blockField + ".text", "is required."), blockField + ".text"));
                    writer.WriteEndObject();
                    break;
                case "image":
                    WriteImage(writer, block, blockField);
                    break;
                case var other:
                    throw RequestJson.Unsupported(blockField + ".type", Provider, $"user block '{other}'");
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string ToolResultText(JsonElement content, string field)
    {
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        var text = new StringBuilder();
        var i = 0;
        foreach (var block in RequestJson.RequireArray(content, field).EnumerateArray())
        {
            var blockField = $"{field}[{i++}]";
            var type = TypeOf(block, blockField);
            if (type != "text") throw RequestJson.Unsupported(blockField + ".type", Provider, $"tool results with '{type}' blocks");
            text.Append(RequestJson.RequireString(RequestJson.Optional(block, "text") ?? throw RequestJson.Invalid(blockField + ".text", "is required."), blockField + ".text"));
        }
        return text.ToString();
    }

    private static void WriteImage(Utf8JsonWriter writer, JsonElement block, string field)
    {
        var source = RequestJson.RequireObject(RequestJson.Optional(block, "source") ?? throw RequestJson.Invalid(field + ".source", "is required."), field + ".source");
        var sourceType = RequestJson.RequireString(RequestJson.Optional(source, "type") ?? throw RequestJson.Invalid(field + ".source.type", "is required."), field + ".source.type");
        string url = sourceType switch
        {
            "base64" => $"data:{RequestJson.RequireString(RequestJson.Optional(source, "media_type") ?? throw RequestJson.Invalid(field + ".source.media_type", "is required."), field + ".source.media_type")};base64,{RequestJson.RequireString(RequestJson.Optional(source, "data") ?? throw RequestJson.Invalid(field + ".source.data", "is required."), field + ".source.data")}",
            "url" => RequestJson.RequireString(RequestJson.Optional(source, "url") ?? throw RequestJson.Invalid(field + ".source.url", "is required."), field + ".source.url"),
            _ => throw RequestJson.Unsupported(field + ".source.type", Provider, $"image source '{sourceType}'"),
        };
        writer.WriteStartObject();
        writer.WriteString("type"u8, "image_url"u8);
        writer.WriteStartObject("image_url"u8);
        writer.WriteString("url"u8, url);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteTools(Utf8JsonWriter writer, JsonElement tools)
    {
        writer.WriteStartArray("tools"u8);
        var i = 0;
        foreach (var tool in RequestJson.RequireArray(tools, "tools").EnumerateArray())
        {
            var field = $"tools[{i++}]";
            RequestJson.RequireObject(tool, field);
            // Client tools have no type (or "custom"); typed ones (bash_..., web_search_...) run on Anthropic's side.
            if (RequestJson.Optional(tool, "type") is { } type && RequestJson.RequireString(type, field + ".type") != "custom")
                throw RequestJson.Unsupported(field + ".type", Provider, $"Anthropic server tool '{type.GetString()}'");
            writer.WriteStartObject();
            writer.WriteString("type"u8, "function"u8);
            writer.WriteStartObject("function"u8);
            writer.WriteString("name"u8, RequestJson.RequireString(RequestJson.Optional(tool, "name") ?? throw RequestJson.Invalid(field + ".name", "is required."), field + ".name"));
            if (RequestJson.Optional(tool, "description") is { } description)
                writer.WriteString("description"u8, RequestJson.RequireString(description, field + ".description"));
            if (RequestJson.Optional(tool, "input_schema") is { } schema)
            {
                writer.WritePropertyName("parameters"u8);
                RequestJson.RequireObject(schema, field + ".input_schema").WriteTo(writer);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, JsonElement choice)
    {
        RequestJson.RequireObject(choice, "tool_choice");
        var type = RequestJson.RequireString(RequestJson.Optional(choice, "type") ?? throw RequestJson.Invalid("tool_choice.type", "is required."), "tool_choice.type");
        switch (type)
        {
            case "auto" or "none":
                writer.WriteString("tool_choice"u8, type);
                break;
            case "any":
                writer.WriteString("tool_choice"u8, "required"u8);
                break;
            case "tool":
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, RequestJson.RequireString(RequestJson.Optional(choice, "name") ?? throw RequestJson.Invalid("tool_choice.name", "is required."), "tool_choice.name"));
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            default:
                throw RequestJson.Invalid("tool_choice.type", $"unknown value '{type}'.");
        }
        if (RequestJson.Optional(choice, "disable_parallel_tool_use") is { } disable && RequestJson.RequireBoolean(disable, "tool_choice.disable_parallel_tool_use"))
            writer.WriteBoolean("parallel_tool_calls"u8, false);
    }
}
