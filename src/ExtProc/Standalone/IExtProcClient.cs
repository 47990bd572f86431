using Envoy.Service.ExtProc.V3;

namespace ExtProcRouter.Standalone;

/// <summary>Opens one ext_proc stream per HTTP request, as Envoy does.</summary>
public interface IExtProcClient
{
    IExtProcStream OpenStream(CancellationToken cancellationToken);
}

/// <summary>Envoy's side of one ext_proc stream.</summary>
public interface IExtProcStream : IAsyncDisposable
{
    ValueTask SendAsync(ProcessingRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The processor's next reply, or a closed result when it ended the stream: cleanly (Envoy then continues
    /// without it) or with an error status.
    /// </summary>
    ValueTask<ExtProcReply> ReceiveAsync(CancellationToken cancellationToken);
}

/// <summary>A reply, or the end of the stream with its gRPC status (OK = the processor let go cleanly).</summary>
public readonly record struct ExtProcReply(ProcessingResponse? Response, bool ClosedWithError, string? ErrorMessage)
{
    public static ExtProcReply Of(ProcessingResponse response) => new(response, false, null);
    public static ExtProcReply ClosedCleanly => new(null, false, null);
    public static ExtProcReply Failed(string message) => new(null, true, message);
}
