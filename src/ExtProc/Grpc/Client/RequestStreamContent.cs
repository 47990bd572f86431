using System.Net;

namespace ExtProcRouter.Grpc.Client;

/// <summary>
/// A request body that stays open for the whole call: HttpClient hands us its HTTP/2 request stream, the call
/// writes messages into it, and completing the content half-closes the stream (END_STREAM).
/// </summary>
internal sealed class RequestStreamContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RequestStreamContent(string contentType) =>
        Headers.TryAddWithoutValidation("content-type", contentType);

    /// <summary>The request stream, once HttpClient starts sending the body.</summary>
    public Task<Stream> Stream => _stream.Task;

    /// <summary>Ends the request body (half-close).</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Gives up on the body: pending and future stream waits fail.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _completed.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        try
        {
            await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_completed.Task.IsCanceled)
        {
            // HttpClient cancels this token when the response ended first: the server finished the call (e.g. an
            // ext_proc processor letting go after the headers) and reset the stream with NO_ERROR, which HTTP/2
            // allows (RFC 9113 §8.1). Throwing here would make SendAsync lose that complete response and its status.
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
