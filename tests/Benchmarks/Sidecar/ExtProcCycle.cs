using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc.Client;
using ExtProcRouter.WellKnown;
using Google.Protobuf;

namespace ExtProcRouter.Benchmarks.Sidecar;

/// <summary>
/// One HTTP request as Envoy presents it to the sidecar: request headers, a 4 KB buffered body naming a concrete
/// model, response headers and a buffered response body, each answered before the next is sent (as Envoy waits).
/// </summary>
internal sealed class ExtProcCycle
{
    private readonly ProcessingRequest _requestHeaders;
    private readonly ProcessingRequest _requestBody;
    private readonly ProcessingRequest _responseHeaders;
    private readonly ProcessingRequest _responseBody;
    private readonly ProcessingRequest _passthroughHeaders;

    public ExtProcCycle(string model, int requestBodyBytes)
    {
        _requestHeaders = Headers((":method", "POST"), (HeaderNames.Path, "/v1/chat/completions"), (HeaderNames.ContentType, "application/json"),
            (HeaderNames.Authority, "router.local"));
        var padding = new string('x', Math.Max(0, requestBodyBytes - 120 - model.Length));
        var body = $$"""{"model":"{{model}}","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"{{padding}}"}]}""";
        _requestBody = new ProcessingRequest { RequestBody = new HttpBody { Body = ByteString.CopyFromUtf8(body), EndOfStream = true } };
        _responseHeaders = new ProcessingRequest
        {
            ResponseHeaders = new HttpHeaders { Headers = Map((HeaderNames.Status, "200"), (HeaderNames.ContentType, "application/json")) },
        };
        const string completion = """{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"upstream-id","choices":[{"index":0,"message":{"role":"assistant","content":"Hello there, this is a reply of a typical short length."},"finish_reason":"stop"}],"usage":{"prompt_tokens":1000,"completion_tokens":12,"total_tokens":1012}}""";
        _responseBody = new ProcessingRequest { ResponseBody = new HttpBody { Body = ByteString.CopyFromUtf8(completion), EndOfStream = true } };
        _passthroughHeaders = Headers((":method", "GET"), (HeaderNames.Path, "/static/app.js"), (HeaderNames.Authority, "router.local"));
        RequestBodyBytes = Encoding.UTF8.GetByteCount(body);
    }

    public int RequestBodyBytes { get; }

    /// <summary>The full cycle; throws if the sidecar answers anything but the expected phase replies.</summary>
    public async Task RunAsync(GrpcConnection connection, CancellationToken cancellationToken)
    {
        await using var call = connection.StartDuplex<ProcessingRequest, ProcessingResponse>(GrpcMethodPaths.ExternalProcessorProcess,
            ProcessingResponse.Parser, new GrpcCallOptions { CancellationToken = cancellationToken });
        await ExchangeAsync(call, _requestHeaders, ProcessingResponse.ResponseOneofCase.RequestHeaders, cancellationToken);
        await ExchangeAsync(call, _requestBody, ProcessingResponse.ResponseOneofCase.RequestBody, cancellationToken);
        await ExchangeAsync(call, _responseHeaders, ProcessingResponse.ResponseOneofCase.ResponseHeaders, cancellationToken);
        await ExchangeAsync(call, _responseBody, ProcessingResponse.ResponseOneofCase.ResponseBody, cancellationToken);
        await call.CompleteRequestsAsync();
    }

    /// <summary>A non-LLM request: the sidecar lets go after the headers (Envoy continues without it).</summary>
    public async Task RunPassthroughAsync(GrpcConnection connection, CancellationToken cancellationToken)
    {
        await using var call = connection.StartDuplex<ProcessingRequest, ProcessingResponse>(GrpcMethodPaths.ExternalProcessorProcess,
            ProcessingResponse.Parser, new GrpcCallOptions { CancellationToken = cancellationToken });
        await call.WriteAsync(_passthroughHeaders, cancellationToken);
        if (await call.ReadAsync(cancellationToken) is { } unexpected)
            throw new InvalidOperationException($"expected a clean close for a non-LLM path, got {unexpected.ResponseCase}");
    }

    private static async Task ExchangeAsync(DuplexCall<ProcessingRequest, ProcessingResponse> call, ProcessingRequest request,
        ProcessingResponse.ResponseOneofCase expected, CancellationToken cancellationToken)
    {
        await call.WriteAsync(request, cancellationToken);
        var reply = await call.ReadAsync(cancellationToken) ?? throw new InvalidOperationException($"stream closed before the {expected} reply");
        if (reply.ResponseCase != expected) throw new InvalidOperationException($"expected {expected}, got {reply.ResponseCase}");
    }

    private static ProcessingRequest Headers(params (string Key, string Value)[] headers) =>
        new() { RequestHeaders = new HttpHeaders { Headers = Map(headers) } };

    private static HeaderMap Map(params (string Key, string Value)[] headers)
    {
        var map = new HeaderMap();
        foreach (var (key, value) in headers) map.Headers.Add(new HeaderValue { Key = key, RawValue = ByteString.CopyFromUtf8(value) });
        return map;
    }
}
