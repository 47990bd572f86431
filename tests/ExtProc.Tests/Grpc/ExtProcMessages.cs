using Envoy.Config.Core.V3;
using Envoy.Service.ExtProc.V3;
using Google.Protobuf;

namespace ExtProcRouter.Tests.Grpc;

/// <summary>The messages Envoy sends on an ext_proc stream, built the way Envoy builds them (raw_value).</summary>
internal static class ExtProcMessages
{
    public static ProcessingRequest RequestHeaders(string scenario = "echo", string? callId = null)
    {
        var map = new HeaderMap();
        map.Headers.Add(Header(":method", "POST"));
        map.Headers.Add(Header(":path", "/v1/chat/completions"));
        map.Headers.Add(Header(ScriptedExternalProcessor.ScenarioHeader, scenario));
        if (callId is not null)
            map.Headers.Add(Header(ScriptedExternalProcessor.CallIdHeader, callId));
        return new ProcessingRequest { RequestHeaders = new HttpHeaders { Headers = map } };
    }

    public static ProcessingRequest RequestBody(int bytes) => new()
    {
        RequestBody = new HttpBody { Body = ByteString.CopyFrom(new byte[bytes]), EndOfStream = true },
    };

    public static ProcessingRequest ResponseHeaders() => new()
    {
        ResponseHeaders = new HttpHeaders { Headers = new HeaderMap { Headers = { Header(":status", "200") } } },
    };

    public static ProcessingRequest ResponseBody(string chunk, bool endOfStream) => new()
    {
        ResponseBody = new HttpBody { Body = ByteString.CopyFromUtf8(chunk), EndOfStream = endOfStream },
    };

    private static HeaderValue Header(string key, string value) => new() { Key = key, RawValue = ByteString.CopyFromUtf8(value) };
}
