using System.Net;
using System.Net.Http.Headers;
using ExtProcRouter.Tests.Translation.Support;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation.Clients;

/// <summary>
/// An in-process stand-in for router + provider: translates the SDK's request, answers with a canned provider
/// body in the provider's format, and returns the translated answer, fed through the translator in small chunks.
/// </summary>
internal sealed class TranslatingHandler(ApiFormat client, ApiFormat provider, Func<TranslatedRequest, (int Status, byte[] Body)> upstream) : HttpMessageHandler
{
    private static readonly UpstreamTarget Target = new("upstream-model", "router/served-model", "/v1");

    public List<TranslatedRequest> Requests { get; } = [];

    // The SDK's synchronous methods call Send; the asynchronous ones SendAsync. Both run the same in-memory exchange.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var requestBody = new MemoryStream();
        request.Content!.ReadAsStream(cancellationToken).CopyTo(requestBody);
        var body = requestBody.ToArray();
        var translator = new TranslatorFactory(FixedTimeProvider.Default).Create(client, provider);
        var translated = translator.TranslateRequest(body, Target);
        Requests.Add(translated);
        var (status, upstreamBody) = upstream(translated);
        var eventStream = translated.Stream && status == 200;
        var output = TranslationRun.Response(translator, status, eventStream, upstreamBody, [3, 17, 1, 64]);
        var content = new ByteArrayContent(output);
        content.Headers.ContentType = new MediaTypeHeaderValue(eventStream ? "text/event-stream" : "application/json");
        return new HttpResponseMessage((HttpStatusCode)status) { Content = content, RequestMessage = request };
    }
}
