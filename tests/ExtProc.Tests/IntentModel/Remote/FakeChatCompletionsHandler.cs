using System.Net;
using System.Text;

namespace ExtProcRouter.Tests.IntentModel.Remote;

/// <summary>An OpenAI-compatible endpoint inside an HttpMessageHandler: records each request and answers with
/// whatever the test scripts.</summary>
internal sealed class FakeChatCompletionsHandler(
    Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

    public static FakeChatCompletionsHandler Answering(string content) =>
        new((_, _) => Task.FromResult(Completion(content)));

    public static HttpResponseMessage Completion(string content) => Json(HttpStatusCode.OK,
        $$"""{"id":"c1","object":"chat.completion","model":"arch-router","choices":[{"index":0,"message":{"role":"assistant","content":{{System.Text.Json.JsonSerializer.Serialize(content)}}},"finish_reason":"stop"}]}""");

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        return await respond(request, cancellationToken);
    }
}
