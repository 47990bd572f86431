using System.IO.Pipelines;
using System.Net;
using ExtProcRouter.WellKnown;
using Google.Protobuf;

namespace ExtProcRouter.Grpc.Client;

/// <summary>
/// One bidirectional streaming call. Writes and reads may run concurrently (one writer, one reader).
/// <see cref="ReadAsync"/> returns null when the server ended the call with OK and throws
/// <see cref="GrpcStatusException"/> when it ended with any other status; <see cref="GetStatusAsync"/> returns the
/// final status without throwing. Disposing a call that has not ended cancels it (RST_STREAM).
/// </summary>
public sealed class DuplexCall<TRequest, TResponse> : IAsyncDisposable
    where TRequest : IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly MessageParser<TResponse> _parser;
    private readonly int _maxReceiveMessageBytes;
    private readonly RequestStreamContent _content;
    private readonly CancellationTokenSource _callCancellation = new();
    private readonly CancellationTokenRegistration _callerCancellation;
    private readonly ITimer? _deadlineTimer;
    private readonly Task<HttpResponseMessage> _responseTask;
    private readonly TaskCompletionSource<GrpcCallStatus> _status = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PipeWriter? _requestWriter;
    private bool _requestsCompleted;
    private HttpResponseMessage? _response;
    private PipeReader? _responsePipe;
    private PipeMessageReader<TResponse>? _responseReader;
    private bool _responsesEnded;
    private volatile bool _deadlineExceeded;
    private volatile bool _cancelledLocally;

    internal DuplexCall(HttpMessageInvoker invoker, Uri requestUri, MessageParser<TResponse> parser,
        int maxReceiveMessageBytes, GrpcCallOptions options, TimeProvider timeProvider)
    {
        _parser = parser;
        _maxReceiveMessageBytes = maxReceiveMessageBytes;
        _content = new RequestStreamContent(GrpcHeaderNames.ContentType);

        var request = new HttpRequestMessage(HttpMethod.Post, requestUri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = _content,
        };
        request.Headers.TryAddWithoutValidation(GrpcHeaderNames.TE, "trailers");
        if (options.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
                request.Headers.TryAddWithoutValidation(name, value);
        }
        if (options.Timeout is { } timeout)
            request.Headers.TryAddWithoutValidation(GrpcHeaderNames.Timeout, GrpcTimeout.Format(timeout));

        _responseTask = invoker.SendAsync(request, _callCancellation.Token);

        // Only now: both may end the call at once, which touches the response task.
        if (options.Timeout is { } deadline)
        {
            var delay = deadline < TimeSpan.Zero ? TimeSpan.Zero : deadline;
            _deadlineTimer = timeProvider.CreateTimer(static state => ((DuplexCall<TRequest, TResponse>)state!).OnDeadline(),
                this, delay, Timeout.InfiniteTimeSpan);
        }
        if (options.CancellationToken.CanBeCanceled)
        {
            _callerCancellation = options.CancellationToken.UnsafeRegister(
                static state => ((DuplexCall<TRequest, TResponse>)state!).Cancel(), this);
        }
    }

    /// <summary>Sends one message and flushes it.</summary>
    /// <exception cref="GrpcStatusException">The call has ended, or the message could not be sent.</exception>
    public async ValueTask WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_requestsCompleted)
            throw new InvalidOperationException("the request stream was already completed");
        ThrowIfEnded();

        using var linked = Link(cancellationToken, out var token);
        try
        {
            var writer = _requestWriter ??= await OpenRequestStreamAsync(token).ConfigureAwait(false);
            GrpcFraming.WriteMessage(writer, message);
            var result = await writer.FlushAsync(token).ConfigureAwait(false);
            if (result.IsCanceled)
                throw new OperationCanceledException(token);
        }
        catch (Exception e) when (e is not GrpcStatusException)
        {
            throw await WriteFailureAsync(e, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Half-closes the call: the server sees the end of the request stream. Idempotent.</summary>
    public async ValueTask CompleteRequestsAsync()
    {
        if (_requestsCompleted)
            return;
        _requestsCompleted = true;
        try
        {
            if (_requestWriter is { } writer)
                await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception) when (_status.Task.IsCompleted)
        {
            // The call has already ended; there is nothing left to half-close.
        }
        finally
        {
            _content.Complete();
        }
    }

    /// <summary>The next response message; null when the call ended with OK.</summary>
    /// <exception cref="GrpcStatusException">The call ended with a non-OK status.</exception>
    public async ValueTask<TResponse?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_responsesEnded || _status.Task.IsCompleted)
            return EndOfResponses();

        using var linked = Link(cancellationToken, out var token);
        try
        {
            var reader = _responseReader ?? await StartReadingAsync(token).ConfigureAwait(false);
            if (reader is not null)
            {
                var message = await reader.ReadAsync(token).ConfigureAwait(false);
                if (message is not null)
                    return message;
                Finish(GrpcResponseStatus.TryRead(_response!.TrailingHeaders, out var status)
                    ? status
                    : new GrpcCallStatus(GrpcStatusCode.Internal, "the server ended the stream without grpc-status"));
            }
        }
        catch (GrpcStatusException e)
        {
            // A response we must refuse (too large, malformed): end the call on our side.
            Finish(new GrpcCallStatus(e.Status, e.Message));
        }
        catch (Exception e)
        {
            if (cancellationToken.IsCancellationRequested)
                Cancel();
            Finish(StatusOfTransportFailure(e));
        }
        return EndOfResponses();
    }

    /// <summary>
    /// The call's final status. Waits for the end of the call, reading (and discarding) response messages that
    /// were not read yet; do not call it while another task is reading.
    /// </summary>
    public async Task<GrpcCallStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            while (await ReadAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
            }
        }
        catch (GrpcStatusException)
        {
            // The status is what we are after.
        }
        return await _status.Task.ConfigureAwait(false);
    }

    /// <summary>Cancels the call: the stream is reset and the status becomes CANCELLED (if it had not ended).</summary>
    public void Cancel()
    {
        _cancelledLocally = true;
        Finish(new GrpcCallStatus(GrpcStatusCode.Cancelled, "the call was cancelled by the client"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_status.Task.IsCompleted)
            Cancel();
        _deadlineTimer?.Dispose();
        await _callerCancellation.DisposeAsync().ConfigureAwait(false);
        if (_requestWriter is { } writer)
        {
            try { await writer.CompleteAsync().ConfigureAwait(false); }
            catch (Exception) { /* the stream is gone with the call */ }
        }
        _content.Complete();
        _responsePipe?.Complete();
        _response?.Dispose();
        _callCancellation.Dispose();
    }

    private void OnDeadline()
    {
        _deadlineExceeded = true;
        Finish(new GrpcCallStatus(GrpcStatusCode.DeadlineExceeded, "deadline exceeded"));
    }

    /// <summary>Records the final status (first one wins); a non-OK end also tears down the HTTP/2 stream.</summary>
    private void Finish(GrpcCallStatus status)
    {
        _responsesEnded = true;
        if (!_status.TrySetResult(status))
            return;
        _content.Complete();
        if (!status.IsOk)
        {
            // Resets the stream if it is still open; pending reads and writes fail and map to this status.
            try { _callCancellation.Cancel(); }
            catch (ObjectDisposedException) { }
            _content.Abort();
            // Once response headers are in, cancelling the send no longer resets the stream; disposing the
            // response (before its end) does.
            if (_responseTask.IsCompletedSuccessfully)
                _responseTask.Result.Dispose();
        }
    }

    private async Task<PipeMessageReader<TResponse>?> StartReadingAsync(CancellationToken token)
    {
        var response = await _responseTask.WaitAsync(token).ConfigureAwait(false);
        _response = response;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Finish(GrpcResponseStatus.FromHttpStatus(response.StatusCode));
            return null;
        }
        if (GrpcResponseStatus.TryRead(response.Headers, out var trailersOnly))
        {
            Finish(trailersOnly);
            return null;
        }
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcCallHandler.IsGrpcContentType(contentType))
        {
            Finish(new GrpcCallStatus(GrpcStatusCode.Internal, $"unexpected response content-type '{contentType}'"));
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        _responsePipe = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _responseReader = new PipeMessageReader<TResponse>(_responsePipe, _parser, _maxReceiveMessageBytes, _callCancellation.Token);
        return _responseReader;
    }

    private async Task<PipeWriter> OpenRequestStreamAsync(CancellationToken token)
    {
        var streamTask = _content.Stream;
        // The response can end (or fail to connect) before HttpClient ever asks for the body.
        await Task.WhenAny(streamTask, _responseTask).WaitAsync(token).ConfigureAwait(false);
        if (!streamTask.IsCompletedSuccessfully)
        {
            if (!_responseTask.IsCompletedSuccessfully)
                await _responseTask.ConfigureAwait(false); // surfaces the connection failure itself
            throw new IOException("the call ended before its request stream opened");
        }
        var stream = streamTask.Result;
        return PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>
    /// The exception for a failed write: the call's status when it has one (or the status of a trailers-only
    /// response that ended it); otherwise the transport failure.
    /// </summary>
    private async Task<GrpcStatusException> WriteFailureAsync(Exception failure, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested)
            Cancel();
        if (!_status.Task.IsCompleted)
        {
            // A broken request stream means the response has ended or failed too (or soon will): a server that
            // refuses a call answers trailers-only and resets the stream, and that status is the one to report.
            try { await _responseTask.ConfigureAwait(false); }
            catch (Exception) { /* reported below as the transport failure */ }
            if (_responseTask.IsCompletedSuccessfully && GrpcResponseStatus.TryRead(_responseTask.Result.Headers, out var trailersOnly))
                Finish(trailersOnly);
        }
        var status = _status.Task.IsCompleted ? await _status.Task.ConfigureAwait(false) : StatusOfTransportFailure(failure);
        if (status.IsOk)
            status = new GrpcCallStatus(GrpcStatusCode.Internal, "the call has already ended");
        return new GrpcStatusException(status.Code, status.Message);
    }

    private GrpcCallStatus StatusOfTransportFailure(Exception e)
    {
        if (_deadlineExceeded)
            return new GrpcCallStatus(GrpcStatusCode.DeadlineExceeded, "deadline exceeded");
        if (_cancelledLocally || e is OperationCanceledException)
            return new GrpcCallStatus(GrpcStatusCode.Cancelled, "the call was cancelled by the client");
        if (e is HttpProtocolException { ErrorCode: 0x8 })
            return new GrpcCallStatus(GrpcStatusCode.Cancelled, "the server cancelled the stream");
        return new GrpcCallStatus(GrpcStatusCode.Unavailable, $"transport failure: {e.Message}");
    }

    private TResponse? EndOfResponses()
    {
        _responsesEnded = true;
        var status = _status.Task.Result;
        if (status.IsOk)
            return null;
        throw new GrpcStatusException(status.Code, status.Message);
    }

    private void ThrowIfEnded()
    {
        if (!_status.Task.IsCompleted)
            return;
        var status = _status.Task.Result;
        throw status.IsOk
            ? new GrpcStatusException(GrpcStatusCode.Internal, "the call has already ended")
            : new GrpcStatusException(status.Code, status.Message);
    }

    /// <summary>The call's token, or a link of it with the caller's token (only allocated when the caller has one).</summary>
    private CancellationTokenSource? Link(CancellationToken callerToken, out CancellationToken token)
    {
        if (!callerToken.CanBeCanceled)
        {
            token = _callCancellation.Token;
            return null;
        }
        var linked = CancellationTokenSource.CreateLinkedTokenSource(_callCancellation.Token, callerToken);
        token = linked.Token;
        return linked;
    }
}
