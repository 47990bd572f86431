using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace ExtProcRouter.Tests.Comparison;

/// <summary>An in-process front door: answers every chat completion with a fixed OpenAI body and router headers, and records the requests.</summary>
internal sealed class StubFrontDoor(Func<string, HttpResponseMessage>? respond = null) : HttpMessageHandler
{
    public ConcurrentQueue<(string? Authorization, string Body)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((request.Headers.Authorization?.ToString(), body));
        return respond?.Invoke(body) ?? Answer();
    }

    public static HttpResponseMessage Answer(string model = "small", string cost = "0.00001000")
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(
                $$$"""{"model":"{{{model}}}","choices":[{"index":0,"message":{"role":"assistant","content":"ok"}}],"usage":{"prompt_tokens":10,"completion_tokens":5}}""",
                Encoding.UTF8, "application/json"),
        };
        response.Headers.Add("x-model-router-model", model);
        response.Headers.Add("x-model-router-cost-usd", cost);
        return response;
    }
}
