using System.Net;

namespace ExtProcRouter.Tests.Standalone;

/// <summary>An upstream that records what reached it and answers from a delegate (or fails to connect).</summary>
internal sealed class RecordingUpstream(Func<HttpRequestMessage, byte[], HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, byte[] Body)> Requests { get; } = [];

    public static RecordingUpstream Json(string json, HttpStatusCode status = HttpStatusCode.OK) => new((_, _) =>
        new HttpResponseMessage(status) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") });

    public static RecordingUpstream Unreachable() => new((_, _) => throw new HttpRequestException("connection refused"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add((request, body));
        return respond(request, body);
    }
}
