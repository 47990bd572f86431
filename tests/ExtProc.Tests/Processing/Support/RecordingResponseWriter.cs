using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;

namespace ExtProcRouter.Tests.Processing.Support;

/// <summary>Keeps every reply the sidecar sends, serialized and parsed back so tests see exactly what went on the wire.</summary>
internal sealed class RecordingResponseWriter : IMessageWriter<ProcessingResponse>
{
    public List<ProcessingResponse> Responses { get; } = [];

    public Action? OnWrite { get; set; }

    public ValueTask WriteAsync(ProcessingResponse message, CancellationToken cancellationToken)
    {
        Responses.Add(ProcessingResponse.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(message)));
        OnWrite?.Invoke();
        return ValueTask.CompletedTask;
    }
}
