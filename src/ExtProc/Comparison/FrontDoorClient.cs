using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ExtProcRouter.Cost;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Comparison;

/// <summary>
/// Sends OpenAI chat completions to the front door (the standalone gateway or Envoy) with a plain HttpClient, because
/// the router's answer is in the response headers (served model, task, cost) that the comparison must read whatever
/// the status. Never throws for a failed request: every failure becomes a <see cref="ChatOutcome"/> with its error.
/// </summary>
public sealed class FrontDoorClient(HttpClient http, string? accessKey = null,
    IReadOnlyDictionary<string, ModelPrice>? prices = null, TimeProvider? timeProvider = null)
{
    public const string ChatCompletionsPath = "v1/chat/completions";

    /// <summary>Error messages are clipped so that one huge error body cannot swamp the report.</summary>
    private const int MaxErrorLength = 300;

    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;

    public async Task<ChatOutcome> CompleteAsync(ComparisonRequest request, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        using var message = new HttpRequestMessage(HttpMethod.Post, ChatCompletionsPath)
        {
            Content = new ByteArrayContent(RequestBody(request)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        if (!string.IsNullOrEmpty(accessKey)) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessKey);
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var model = Header(response, HeaderNames.ServedModel);
            var task = Header(response, HeaderNames.SelectedRoute);
            var isEventStream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
            if (response.IsSuccessStatusCode && isEventStream)
                return await ReadStreamAsync(response, model, task, started, cancellationToken).ConfigureAwait(false);

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var latency = _clock.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
                return ChatOutcome.Failed(status, model, task, latency, $"{status}: {ErrorMessageOf(body)}");
            return ReadCompletion(status, body, model, task, latency, Header(response, HeaderNames.CostUsd));
        }
        catch (Exception exception) when (exception is HttpRequestException
                                              || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Connection refused, reset, or HttpClient's own timeout: recorded for this request, the run goes on.
            var reason = exception is OperationCanceledException ? "timed out" : exception.Message;
            return ChatOutcome.Failed(null, null, null, _clock.GetElapsedTime(started), $"no response: {Clip(reason)}");
        }
    }

    private static byte[] RequestBody(ComparisonRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", request.Model);
            json.WriteStartArray("messages");
            foreach (var turn in request.Messages)
            {
                json.WriteStartObject();
                json.WriteString("role", turn.RoleName);
                json.WriteString("content", turn.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (request.Stream)
            {
                json.WriteBoolean("stream", true);
                // Without it an OpenAI-compatible stream carries no token counts.
                json.WriteStartObject("stream_options");
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private ChatOutcome ReadCompletion(int status, string body, string? model, string? task, TimeSpan latency, string? costHeader)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return ChatOutcome.Failed(status, model, task, latency, $"{status}: the body is not a chat completion object");
            model ??= StringOf(root, "model");
            var (input, output) = UsageOf(root);
            string? answer = null;
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
                && choices[0].ValueKind == JsonValueKind.Object && choices[0].TryGetProperty("message", out var assistant))
            {
                answer = StringOf(assistant, "content");
            }
            return new ChatOutcome(status, model, task, latency, null, input, output, CostOf(costHeader, model, input, output), answer ?? "", null);
        }
        catch (JsonException exception)
        {
            return ChatOutcome.Failed(status, model, task, latency, $"{status}: the body is not JSON ({Clip(exception.Message)})");
        }
    }

    private async Task<ChatOutcome> ReadStreamAsync(HttpResponseMessage response, string? model, string? task, long started,
        CancellationToken cancellationToken)
    {
        TimeSpan? firstToken = null;
        long? input = null, output = null;
        string? streamedCost = null;
        var answer = new StringBuilder();
        var status = (int)response.StatusCode;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            var data = line.AsSpan(5).Trim();
            if (data.SequenceEqual("[DONE]")) break;
            try
            {
                using var chunk = JsonDocument.Parse(data.ToString());
                var root = chunk.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    return ChatOutcome.Failed(status, model, task, _clock.GetElapsedTime(started), $"{status}: a stream chunk is not a JSON object");
                if (root.TryGetProperty("error", out _))
                    return ChatOutcome.Failed(status, model, task, _clock.GetElapsedTime(started), $"{status}: stream error: {ErrorMessageOf(data.ToString())}");
                model ??= StringOf(root, "model");
                if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
                {
                    foreach (var choice in choices.EnumerateArray())
                    {
                        if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("delta", out var delta) || StringOf(delta, "content") is not { Length: > 0 } text) continue;
                        firstToken ??= _clock.GetElapsedTime(started);
                        answer.Append(text);
                    }
                }
                var (chunkInput, chunkOutput) = UsageOf(root);
                input = chunkInput ?? input;
                output = chunkOutput ?? output;
                streamedCost = StreamedCostOf(root) ?? streamedCost;
            }
            catch (JsonException exception)
            {
                return ChatOutcome.Failed(status, model, task, _clock.GetElapsedTime(started), $"{status}: a stream chunk is not JSON ({Clip(exception.Message)})");
            }
        }
        // A stream's headers left before its usage was known: the router puts the cost in the final usage instead, and
        // the price table prices streams from elsewhere (Envoy without the router, another gateway).
        return new ChatOutcome(status, model, task, _clock.GetElapsedTime(started), firstToken, input, output,
            CostOf(streamedCost, model, input, output), answer.ToString(), null);
    }

    private decimal? CostOf(string? header, string? model, long? input, long? output)
    {
        if (header is not null && decimal.TryParse(header, NumberStyles.Number, CultureInfo.InvariantCulture, out var fromHeader)) return fromHeader;
        if (model is null || prices is null || !prices.TryGetValue(model, out var price) || (input is null && output is null)) return null;
        return price.CostOf(input ?? 0, output ?? 0);
    }

    /// <summary>The router's <c>usage.cost_usd</c>, as written (the header's digits).</summary>
    private static string? StreamedCostOf(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            && usage.TryGetProperty(Translation.WellKnown.UsageFields.CostUsd, out var cost) && cost.ValueKind == JsonValueKind.Number
            ? cost.GetRawText()
            : null;

    private static (long? Input, long? Output) UsageOf(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object) return (null, null);
        return (NumberOf(usage, "prompt_tokens"), NumberOf(usage, "completion_tokens"));
    }

    /// <summary>The OpenAI-style error's message, else the start of the body as text.</summary>
    internal static string ErrorMessageOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String) return Clip(error.GetString()!);
                if (error.ValueKind == JsonValueKind.Object && StringOf(error, "message") is { } message) return Clip(message);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the best description there is.
        }
        return body.Length == 0 ? "(empty body)" : Clip(body);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static long? NumberOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private static string Clip(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxErrorLength ? flat : string.Concat(flat.AsSpan(0, MaxErrorLength), "...");
    }
}
