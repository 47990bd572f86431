using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExtProcRouter.IntentModel.Remote;

/// <summary>
/// Asks a Katanemo Arch-Router or Plano-Orchestrator model, served behind an OpenAI-compatible
/// <c>/chat/completions</c> endpoint, which offered route fits the latest user request. Never throws for a failing
/// endpoint: timeouts, HTTP errors and unreadable answers come back as <see cref="RemoteRouteOutcome.Unavailable"/>
/// (the router then uses its fallback models) and are counted in <see cref="Metrics"/>. Only the caller's own
/// cancellation propagates.
/// </summary>
public sealed class RemoteRouteClassifier : IIntentClassifier
{
    private const double Temperature = 0.01; // what the model family is run with upstream: near-greedy, stable answers

    private readonly HttpClient _http;
    private readonly RemoteRouteClassifierOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _failing; // 1 while the last call was unavailable: an outage is logged once, not once per request

    public RemoteRouteClassifier(HttpClient http, RemoteRouteClassifierOptions options, TimeProvider time,
        ILogger<RemoteRouteClassifier>? logger = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        _http = http;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger<RemoteRouteClassifier>.Instance;
    }

    public RemoteRouteClassifierMetrics Metrics { get; } = new();

    public const string ClassifierName = "remote";

    string IIntentClassifier.Name => ClassifierName;

    /// <summary>As a router's classifier: a match is the task, no match is <c>other</c>, unavailable throws (fallback).</summary>
    async ValueTask<IntentDecision> IIntentClassifier.ClassifyAsync(IReadOnlyList<ChatTurn> conversation,
        IReadOnlyList<RouteDescription> routes, CancellationToken cancellationToken)
    {
        var decision = await ClassifyAsync(conversation, routes, cancellationToken).ConfigureAwait(false);
        return decision.Outcome switch
        {
            RemoteRouteOutcome.Matched => new IntentDecision(decision.Route!, 1.0, [], decision.Latency),
            RemoteRouteOutcome.NoMatch => new IntentDecision(IntentDecision.Other, 1.0, [], decision.Latency),
            _ => throw new RemoteClassifierUnavailableException(decision.UnavailableReason, decision.Detail),
        };
    }

    public async Task<RemoteRouteDecision> ClassifyAsync(IReadOnlyList<ChatTurn> conversation,
        IReadOnlyList<RouteDescription> routes, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        if (routes.Count == 0 || !RemoteRoutingPrompt.HasRoutableTurn(conversation))
            return RemoteRouteDecision.NoMatch(TimeSpan.Zero); // nothing to ask: no call, nothing to count

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        RemoteRouteDecision decision;
        try
        {
            var answer = await CallModelAsync(conversation, routes, linked.Token).ConfigureAwait(false);
            decision = answer.Failure == RemoteUnavailableReason.None
                ? Interpret(answer.Content, routes, _time.GetElapsedTime(started))
                : RemoteRouteDecision.Unavailable(answer.Failure, answer.Detail!, _time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the request itself went away: not a routing-model failure
        }
        catch (OperationCanceledException)
        {
            decision = RemoteRouteDecision.Unavailable(RemoteUnavailableReason.Timeout,
                $"no answer within {_options.Timeout.TotalMilliseconds:0} ms", _time.GetElapsedTime(started));
        }
        catch (HttpRequestException exception)
        {
            decision = RemoteRouteDecision.Unavailable(RemoteUnavailableReason.Transport,
                exception.HttpRequestError.ToString(), _time.GetElapsedTime(started));
        }
        catch (IOException)
        {
            decision = RemoteRouteDecision.Unavailable(RemoteUnavailableReason.Transport,
                "connection lost while reading the reply", _time.GetElapsedTime(started));
        }

        Metrics.Record(decision);
        LogAvailabilityChange(decision);
        return decision;
    }

    private void LogAvailabilityChange(RemoteRouteDecision decision)
    {
        var failing = decision.Outcome == RemoteRouteOutcome.Unavailable ? 1 : 0;
        var wasFailing = Interlocked.Exchange(ref _failing, failing);
        if (failing == 1 && wasFailing == 0)
            _logger.LogWarning("Remote routing model unavailable ({Reason}: {Detail}); using the fallback models until it answers again",
                decision.UnavailableReason, decision.Detail);
        else if (failing == 1)
            _logger.LogDebug("Remote routing model still unavailable ({Reason}: {Detail})", decision.UnavailableReason, decision.Detail);
        else if (wasFailing == 1)
            _logger.LogInformation("Remote routing model answers again");
    }

    private static RemoteRouteDecision Interpret(string? content, IReadOnlyList<RouteDescription> routes, TimeSpan latency)
    {
        if (!RemoteRouteAnswerParser.TryParse(content, routes, out var matched))
            return RemoteRouteDecision.Unavailable(RemoteUnavailableReason.InvalidResponse, "the answer holds no route", latency);
        return matched.Count > 0 ? RemoteRouteDecision.Matched(matched, latency) : RemoteRouteDecision.NoMatch(latency);
    }

    private readonly record struct ModelAnswer(string? Content, RemoteUnavailableReason Failure, string? Detail)
    {
        public static ModelAnswer Failed(RemoteUnavailableReason reason, string detail) => new(null, reason, detail);
    }

    private async Task<ModelAnswer> CallModelAsync(IReadOnlyList<ChatTurn> conversation,
        IReadOnlyList<RouteDescription> routes, CancellationToken cancellationToken)
    {
        var prompt = RemoteRoutingPrompt.Build(_options.Format, conversation, routes, _options.MaxPromptTokens);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.ChatCompletionsUri)
        {
            Content = new ByteArrayContent(RequestBody(prompt)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(_options.ApiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            return ModelAnswer.Failed(RemoteUnavailableReason.HttpStatus, $"HTTP {(int)response.StatusCode}");
        var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        if (body is null)
            return ModelAnswer.Failed(RemoteUnavailableReason.InvalidResponse, $"reply larger than {_options.MaxResponseBytes} bytes");
        return TryReadContent(body, out var content)
            ? new(content, RemoteUnavailableReason.None, null)
            : ModelAnswer.Failed(RemoteUnavailableReason.InvalidResponse, "not a chat completion");
    }

    private byte[] RequestBody(string prompt)
    {
        var buffer = new ArrayBufferWriter<byte>(prompt.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", _options.Model);
            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WriteString("content", prompt);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteNumber("temperature", Temperature);
            writer.WriteNumber("max_tokens", _options.MaxCompletionTokens);
            writer.WriteBoolean("stream", false);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The body, or null when it exceeds <see cref="RemoteRouteClassifierOptions.MaxResponseBytes"/>.</summary>
    private async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        if (content.Headers.ContentLength > limit)
            return null;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var collected = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (collected.Length + read > limit)
                    return null;
                collected.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return collected.ToArray();
    }

    /// <summary>choices[0].message.content of an OpenAI chat completion.</summary>
    private static bool TryReadContent(byte[] body, out string? content)
    {
        content = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("choices", out var choices)
                || choices.ValueKind != JsonValueKind.Array
                || choices.GetArrayLength() == 0)
                return false;
            var first = choices[0];
            if (first.ValueKind != JsonValueKind.Object
                || !first.TryGetProperty("message", out var message)
                || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("content", out var text))
                return false;
            content = text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            return text.ValueKind is JsonValueKind.String or JsonValueKind.Null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
