using System.Text.Json;
using ExtProcRouter.Translation.Buffers;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.Gemini;

/// <summary>
/// OpenAI Chat Completions request → Gemini <c>GenerateContentRequest</c> (Gemini API reference, "Generating
/// content" → request body; "Function calling"): system messages become systemInstruction, assistant turns the
/// "model" role, tool calls functionCall parts and tool results functionResponse parts (named by looking up the
/// call they answer), sampling options generationConfig.
/// </summary>
internal static class OpenAIToGeminiRequest
{
    private const string Provider = "Gemini";

    public readonly record struct Result(byte[] Body, bool Stream, bool ClientAskedForUsage);

    public static Result Translate(ReadOnlySpan<byte> body)
    {
        using var document = RequestJson.ParseObject(body);
        var root = document.RootElement;
        if (RequestJson.Optional(root, "model") is not { } model) throw RequestJson.Invalid("model", "is required.");
        RequestJson.RequireString(model, "model");
        if (RequestJson.Optional(root, "messages") is not { } messages) throw RequestJson.Invalid("messages", "is required.");
        RequestJson.RequireArray(messages, "messages");

        bool stream = false, includeUsage = false;
        JsonElement? tools = null, toolChoice = null;
        using var generationConfig = new PooledByteBuffer();
        using (var config = new Utf8JsonWriter(generationConfig, JsonOutput.Options))
        {
            config.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Null) continue;
                switch (property.Name)
                {
                    case "model" or "messages":
                        break;
                    case "stream":
                        stream = RequestJson.RequireBoolean(value, "stream");
                        break;
                    case "stream_options":
                        if (RequestJson.Optional(RequestJson.RequireObject(value, "stream_options"), "include_usage") is { } include)
                            includeUsage = RequestJson.RequireBoolean(include, "stream_options.include_usage");
                        break;
                    case "max_tokens" or "max_completion_tokens":
                        config.WriteNumber("maxOutputTokens"u8, RequestJson.RequireInteger(value, property.Name));
                        break;
                    case "temperature":
                        config.WriteNumber("temperature"u8, RequestJson.RequireNumber(value, "temperature"));
                        break;
                    case "top_p":
                        config.WriteNumber("topP"u8, RequestJson.RequireNumber(value, "top_p"));
                        break;
                    case "presence_penalty":
                        config.WriteNumber("presencePenalty"u8, RequestJson.RequireNumber(value, "presence_penalty"));
                        break;
                    case "frequency_penalty":
                        config.WriteNumber("frequencyPenalty"u8, RequestJson.RequireNumber(value, "frequency_penalty"));
                        break;
                    case "seed":
                        config.WriteNumber("seed"u8, value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seed) ? seed : throw RequestJson.Invalid("seed", "must be an integer."));
                        break;
                    case "stop":
                        config.WriteStartArray("stopSequences"u8);
                        if (value.ValueKind == JsonValueKind.String) config.WriteStringValue(value.GetString());
                        else
                        {
                            var i = 0;
                            foreach (var item in RequestJson.RequireArray(value, "stop").EnumerateArray())
                                config.WriteStringValue(RequestJson.RequireString(item, $"stop[{i++}]"));
                        }
                        config.WriteEndArray();
                        break;
                    case "n":
                        if (value.ValueKind != JsonValueKind.Number || value.GetDouble() != 1)
                            throw RequestJson.Unsupported("n", Provider, "only one choice per request");
                        break;
                    case "response_format":
                        WriteResponseFormat(config, value);
                        break;
                    case "logprobs" or "store":
                        if (RequestJson.RequireBoolean(value, property.Name)) throw RequestJson.Unsupported(property.Name, Provider);
                        break;
                    case "tools":
                        tools = RequestJson.RequireArray(value, "tools");
                        break;
                    case "tool_choice":
                        toolChoice = value;
                        break;
                    case "parallel_tool_calls":
                        // Gemini decides how many calls to make; true is its behaviour, false cannot be enforced.
                        if (!RequestJson.RequireBoolean(value, "parallel_tool_calls"))
                            throw RequestJson.Unsupported("parallel_tool_calls", Provider, "Gemini cannot be limited to one call per turn");
                        break;
                    default:
                        throw RequestJson.Unsupported(property.Name, Provider);
                }
            }
            config.WriteEndObject();
        }

        using var buffer = new PooledByteBuffer();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            WriteSystemInstruction(writer, messages);
            WriteContents(writer, messages);
            if (tools is { } declared) WriteTools(writer, declared);
            if (toolChoice is { } choice) WriteToolConfig(writer, choice);
            if (generationConfig.Length > 2)
            {
                writer.WritePropertyName("generationConfig"u8);
                writer.WriteRawValue(generationConfig.WrittenSpan, skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
        return new Result(buffer.ToArray(), stream, includeUsage);
    }

    private static void WriteResponseFormat(Utf8JsonWriter config, JsonElement format)
    {
        var type = RequestJson.RequireString(RequestJson.Optional(RequestJson.RequireObject(format, "response_format"), "type") ?? throw RequestJson.Invalid("response_format.type", "is required."), "response_format.type");
        switch (type)
        {
            case "text":
                break;
            case "json_object":
                config.WriteString("responseMimeType"u8, "application/json"u8);
                break;
            case "json_schema":
                // "Structured output": responseJsonSchema takes a JSON Schema as OpenAI's json_schema.schema does.
                var schema = RequestJson.Optional(RequestJson.Optional(format, "json_schema") ?? throw RequestJson.Invalid("response_format.json_schema", "is required."), "schema")
                    ?? throw RequestJson.Invalid("response_format.json_schema.schema", "is required.");
                config.WriteString("responseMimeType"u8, "application/json"u8);
                config.WritePropertyName("responseJsonSchema"u8);
                RequestJson.RequireObject(schema, "response_format.json_schema.schema").WriteTo(config);
                break;
            default:
                throw RequestJson.Unsupported("response_format.type", Provider, $"'{type}'");
        }
    }

    private static void WriteSystemInstruction(Utf8JsonWriter writer, JsonElement messages)
    {
        var started = false;
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var field = $"messages[{i++}]";
            if (RoleOf(message, field) is not ("system" or "developer")) continue;
            if (!started)
            {
                writer.WriteStartObject("systemInstruction"u8);
                writer.WriteStartArray("parts"u8);
                started = true;
            }
            writer.WriteStartObject();
            writer.WriteString("text"u8, RequestJson.TextOf(RequestJson.Optional(message, "content") ?? throw RequestJson.Invalid(field + ".content", "is required."), field + ".content", Provider));
            writer.WriteEndObject();
        }
        if (!started) return;
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string RoleOf(JsonElement message, string field)
    {
        RequestJson.RequireObject(message, field);
        return RequestJson.RequireString(RequestJson.Optional(message, "role") ?? throw RequestJson.Invalid(field + ".role", "is required."), field + ".role");
    }

    private static void WriteContents(Utf8JsonWriter writer, JsonElement messages)
    {
        writer.WriteStartArray("contents"u8);
        var functionResponsesOpen = false;
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var field = $"messages[{i}]";
            var position = i++;
            var role = RoleOf(message, field);
            if (role is "system" or "developer") continue;
            if (role == "tool")
            {
                // Consecutive tool results answer one model turn: one user content with a functionResponse each.
                if (!functionResponsesOpen)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role"u8, "user"u8);
                    writer.WriteStartArray("parts"u8);
                    functionResponsesOpen = true;
                }
                WriteFunctionResponse(writer, messages, message, position, field);
                continue;
            }
            if (functionResponsesOpen)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
                functionResponsesOpen = false;
            }
            foreach (var property in message.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null) continue;
                var known = property.Name is "role" or "content" || (role == "assistant" && property.Name is "tool_calls" or "refusal");
                if (!known) throw RequestJson.Unsupported($"{field}.{property.Name}", Provider);
            }
            writer.WriteStartObject();
            if (role == "user")
            {
                writer.WriteString("role"u8, "user"u8);
                writer.WriteStartArray("parts"u8);
                WriteUserParts(writer, RequestJson.Optional(message, "content") ?? throw RequestJson.Invalid(field + ".content", "is required."), field + ".content");
            }
            else if (role == "assistant")
            {
                writer.WriteString("role"u8, "model"u8);
                writer.WriteStartArray("parts"u8);
                WriteModelParts(writer, message, field);
            }
            else
            {
                throw RequestJson.Unsupported(field + ".role", Provider, $"role '{role}'");
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        if (functionResponsesOpen)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteUserParts(Utf8JsonWriter writer, JsonElement content, string field)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteTextPart(writer, content.GetString()!);
            return;
        }
        var j = 0;
        foreach (var part in RequestJson.RequireArray(content, field).EnumerateArray())
        {
            var partField = $"{field}[{j++}]";
            var type = RequestJson.RequireString(RequestJson.Optional(part, "type") ?? throw RequestJson.Invalid(partField + ".type", "is required."), partField + ".type");
            if (type == "text")
            {
                WriteTextPart(writer, RequestJson.RequireString(RequestJson.Optional(part, "text") ?? throw RequestJson.Invalid(partField + ".text", "is required."), partField + ".text"));
            }
            else if (type == "image_url")
            {
                var image = RequestJson.RequireObject(RequestJson.Optional(part, "image_url") ?? throw RequestJson.Invalid(partField + ".image_url", "is required."), partField + ".image_url");
                var url = RequestJson.RequireString(RequestJson.Optional(image, "url") ?? throw RequestJson.Invalid(partField + ".image_url.url", "is required."), partField + ".image_url.url");
                // "Image understanding": inline images are inlineData; remote URLs would need the Files API first.
                if (!DataUrl.TryParse(url, out var data))
                    throw RequestJson.Unsupported(partField + ".image_url.url", Provider, "only base64 data: URLs (Gemini cannot fetch image URLs)");
                writer.WriteStartObject();
                writer.WriteStartObject("inlineData"u8);
                writer.WriteString("mimeType"u8, data.MediaType);
                writer.WriteString("data"u8, data.Base64Data);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            else
            {
                throw RequestJson.Unsupported(partField + ".type", Provider, $"content part '{type}'");
            }
        }
    }

    private static void WriteModelParts(Utf8JsonWriter writer, JsonElement message, string field)
    {
        if (RequestJson.Optional(message, "content") is { } content)
        {
            var text = RequestJson.TextOf(content, field + ".content", Provider);
            if (text.Length > 0) WriteTextPart(writer, text);
        }
        if (RequestJson.Optional(message, "tool_calls") is not { } calls) return;
        var j = 0;
        foreach (var call in RequestJson.RequireArray(calls, field + ".tool_calls").EnumerateArray())
        {
            var callField = $"{field}.tool_calls[{j++}]";
            var function = RequestJson.RequireObject(RequestJson.Optional(call, "function") ?? throw RequestJson.Invalid(callField + ".function", "is required."), callField + ".function");
            var name = RequestJson.RequireString(RequestJson.Optional(function, "name") ?? throw RequestJson.Invalid(callField + ".function.name", "is required."), callField + ".function.name");
            var arguments = RequestJson.Optional(function, "arguments");
            using var args = RequestJson.ParseEmbeddedObject(arguments is { } a ? RequestJson.RequireString(a, callField + ".function.arguments") : null, callField + ".function.arguments");
            writer.WriteStartObject();
            writer.WriteStartObject("functionCall"u8);
            writer.WriteString("name"u8, name);
            writer.WritePropertyName("args"u8);
            args.RootElement.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    private static void WriteFunctionResponse(Utf8JsonWriter writer, JsonElement messages, JsonElement message, int position, string field)
    {
        var id = RequestJson.RequireString(RequestJson.Optional(message, "tool_call_id") ?? throw RequestJson.Invalid(field + ".tool_call_id", "is required."), field + ".tool_call_id");
        var name = FunctionNameOf(messages, id, position) ?? throw RequestJson.Invalid(field + ".tool_call_id", $"no earlier assistant tool call has id '{id}'.");
        var text = RequestJson.TextOf(RequestJson.Optional(message, "content") ?? throw RequestJson.Invalid(field + ".content", "is required."), field + ".content", Provider);
        writer.WriteStartObject();
        writer.WriteStartObject("functionResponse"u8);
        writer.WriteString("name"u8, name);
        writer.WritePropertyName("response"u8);
        // response is a Struct: a JSON object result goes as is, anything else is wrapped.
        if (TryParseObject(text) is { } result)
        {
            using (result) result.RootElement.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString("result"u8, text);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static JsonDocument? TryParseObject(string text)
    {
        if (!text.TrimStart().StartsWith('{')) return null;
        try
        {
            var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
        }
        catch (JsonException)
        {
            // not JSON: wrapped as text
        }
        return null;
    }

    /// <summary>The function name of the nearest earlier tool call with this id (Gemini matches results by name).</summary>
    private static string? FunctionNameOf(JsonElement messages, string id, int before)
    {
        for (var i = before - 1; i >= 0; i--)
        {
            var message = messages[i];
            if (RequestJson.Optional(message, "tool_calls") is not { ValueKind: JsonValueKind.Array } calls) continue;
            foreach (var call in calls.EnumerateArray())
            {
                if (call.TryGetProperty("id", out var callId) && callId.ValueKind == JsonValueKind.String && callId.GetString() == id
                    && call.TryGetProperty("function", out var function) && function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                    return name.GetString();
            }
        }
        return null;
    }

    private static void WriteTools(Utf8JsonWriter writer, JsonElement tools)
    {
        writer.WriteStartArray("tools"u8);
        writer.WriteStartObject();
        writer.WriteStartArray("functionDeclarations"u8);
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
            if (RequestJson.Optional(function, "parameters") is { } parameters)
            {
                // parametersJsonSchema accepts full JSON Schema, as OpenAI's parameters are.
                writer.WritePropertyName("parametersJsonSchema"u8);
                RequestJson.RequireObject(parameters, field + ".function.parameters").WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>"Function calling" → function calling modes: AUTO, ANY (optionally restricted by name), NONE.</summary>
    private static void WriteToolConfig(Utf8JsonWriter writer, JsonElement choice)
    {
        writer.WriteStartObject("toolConfig"u8);
        writer.WriteStartObject("functionCallingConfig"u8);
        if (choice.ValueKind == JsonValueKind.String)
        {
            writer.WriteString("mode"u8, choice.GetString() switch
            {
                "auto" => "AUTO",
                "none" => "NONE",
                "required" => "ANY",
                var other => throw RequestJson.Invalid("tool_choice", $"unknown value '{other}'."),
            });
        }
        else
        {
            var function = RequestJson.Optional(RequestJson.RequireObject(choice, "tool_choice"), "function") ?? throw RequestJson.Invalid("tool_choice.function", "is required.");
            writer.WriteString("mode"u8, "ANY"u8);
            writer.WriteStartArray("allowedFunctionNames"u8);
            writer.WriteStringValue(RequestJson.RequireString(RequestJson.Optional(function, "name") ?? throw RequestJson.Invalid("tool_choice.function.name", "is required."), "tool_choice.function.name"));
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }
}
