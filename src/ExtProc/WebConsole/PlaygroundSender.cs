using System.Net.Http.Headers;
using System.Text.Json;
using ExtProcRouter.Configuration;
using ExtProcRouter.Translation;
using ExtProcRouter.WellKnown;

namespace ExtProcRouter.WebConsole;

/// <summary>
/// The Playground's Send button: posts the conversation, as <c>router:NAME</c>, to the configured front door
/// (<c>server.front_door_url</c>) exactly as a client would, so the answer went through Envoy (or the gateway), this
/// sidecar and the provider, and shows up in metrics and Analyze like any request.
/// </summary>
/// <remarks>
/// The access key, when the front door needs one, comes from the page with each call and is only put in the
/// Authorization header of that one request: never stored, logged or echoed.
/// </remarks>
public sealed class PlaygroundSender(IHttpClientFactory clients, IRouterConfigSource config, TimeProvider timeProvider)
{
    /// <summary>A slow model may take long to answer in full, but the page must not wait forever.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public Uri? FrontDoor => config.Current.Server.FrontDoorUrl;

    public async Task<PlaygroundReply> SendAsync(ConsoleRouteRequest request, string? accessKey, CancellationToken cancellationToken)
    {
        var frontDoor = FrontDoor ?? throw new InvalidOperationException("server.front_door_url is not configured.");
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(frontDoor, ChatCompletionsPath()))
        {
            Content = new ByteArrayContent(request.ChatBody) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        if (!string.IsNullOrEmpty(accessKey)) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessKey);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var started = timeProvider.GetTimestamp();
        try
        {
            var client = clients.CreateClient(nameof(PlaygroundSender));
            using var response = await client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var latency = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            return Read((int)response.StatusCode, response.Headers, body, latency);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = exception is OperationCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : exception.Message;
            return new PlaygroundReply(502, null, null, null, timeProvider.GetElapsedTime(started).TotalMilliseconds, null, null, null,
                $"The front door at {frontDoor} could not be reached: {why}");
        }
    }

    private string ChatCompletionsPath() =>
        config.Current.LlmPaths.FirstOrDefault(path => path.ClientFormat == ApiFormat.OpenAIChat)?.Path
        ?? RouterConfigLoader.BuiltInLlmPaths[0].Path;

    private static PlaygroundReply Read(int status, HttpResponseHeaders headers, byte[] body, double latencyMs)
    {
        string? content = null, error = null;
        long? input = null, output = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var failure))
                error = failure.ValueKind == JsonValueKind.Object && failure.TryGetProperty("message", out var text) ? text.GetString() : failure.ToString();
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
                && choices.GetArrayLength() > 0 && choices[0].TryGetProperty("message", out var reply) && reply.TryGetProperty("content", out var said)
                && said.ValueKind == JsonValueKind.String)
                content = said.GetString();
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                if (usage.TryGetProperty("prompt_tokens", out var prompt) && prompt.TryGetInt64(out var promptTokens)) input = promptTokens;
                if (usage.TryGetProperty("completion_tokens", out var completion) && completion.TryGetInt64(out var completionTokens)) output = completionTokens;
            }
        }
        catch (JsonException)
        {
            error = $"The front door answered {status} with a body that is not JSON.";
        }
        if (status is < 200 or > 299 && error is null) error = $"The front door answered {status}.";
        return new PlaygroundReply(status, Header(headers, HeaderNames.ServedModel), Header(headers, HeaderNames.SelectedRoute),
            Header(headers, HeaderNames.CostUsd), latencyMs, content, input, output, error);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
