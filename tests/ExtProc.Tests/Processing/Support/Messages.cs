using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;

namespace ExtProcRouter.Tests.Processing.Support;

/// <summary>ProcessingRequest messages shaped the way Envoy sends them (lower-case keys, values in raw_value).</summary>
internal static class Messages
{
    public static ProcessingRequest RequestHeaders(string method = "POST", string path = "/v1/chat/completions",
        bool endOfStream = false, params (string Name, string Value)[] extra)
    {
        var headers = Map([(":method", method), (":path", path), (":authority", "router.local"), (":scheme", "http"), .. extra]);
        return new ProcessingRequest { RequestHeaders = new HttpHeaders { Headers = headers, EndOfStream = endOfStream } };
    }

    public static ProcessingRequest RequestBody(string json, bool endOfStream = true) => RequestBody(Encoding.UTF8.GetBytes(json), endOfStream);

    public static ProcessingRequest RequestBody(byte[] body, bool endOfStream = true) =>
        new() { RequestBody = new HttpBody { Body = ByteString.CopyFrom(body), EndOfStream = endOfStream } };

    public static ProcessingRequest RequestTrailers() => new() { RequestTrailers = new HttpTrailers { Trailers = new HeaderMap() } };

    public static ProcessingRequest ResponseHeaders(int status = 200, string contentType = "application/json",
        bool endOfStream = false, params (string Name, string Value)[] extra) => new()
    {
        ResponseHeaders = new HttpHeaders
        {
            Headers = Map([(":status", status.ToString()), ("content-type", contentType), .. extra]),
            EndOfStream = endOfStream,
        },
    };

    public static ProcessingRequest ResponseBody(string text, bool endOfStream = true) =>
        new() { ResponseBody = new HttpBody { Body = ByteString.CopyFromUtf8(text), EndOfStream = endOfStream } };

    public static ProcessingRequest ResponseTrailers() => new() { ResponseTrailers = new HttpTrailers { Trailers = new HeaderMap() } };

    public static HeaderMap Map(IEnumerable<(string Name, string Value)> headers)
    {
        var map = new HeaderMap();
        foreach (var (name, value) in headers)
            map.Headers.Add(new HeaderValue { Key = name, RawValue = ByteString.CopyFromUtf8(value) });
        return map;
    }
}
