using Envoy.Service.ExtProc.V3;

namespace ExtProcRouter.Standalone;

/// <summary>
/// Envoy's bookkeeping for one ext_proc stream: one message out, exactly one matching reply back within
/// <c>message_timeout</c>. A clean close means "continue without the processor"; an error, a timeout or a reply of
/// the wrong kind is a failure, which <c>failure_mode_allow</c> turns into "continue without the processor".
/// </summary>
internal sealed class ProcessorSession(IExtProcStream stream, GatewayOptions options) : IAsyncDisposable
{
    private bool _detached;

    /// <summary>True once the processor let go of the request (clean close, or a tolerated failure).</summary>
    public bool Detached => _detached;

    public async ValueTask<ExchangeResult> ExchangeAsync(ProcessingRequest request, CancellationToken cancellationToken)
    {
        if (_detached) return ExchangeResult.Skip;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.MessageTimeout);
        ExtProcReply reply;
        try
        {
            await stream.SendAsync(request, timeout.Token);
            reply = await stream.ReceiveAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(GatewayFailure.MessageTimeout, "ext_proc message timeout");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Fail(GatewayFailure.ProcessorError, ex.Message);
        }

        if (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Fail(GatewayFailure.MessageTimeout, "ext_proc message timeout");
        }
        if (reply.Response is null)
        {
            if (reply.ClosedWithError) return Fail(GatewayFailure.ProcessorError, reply.ErrorMessage ?? "ext_proc stream failed");
            _detached = true;
            return ExchangeResult.Skip;
        }
        if (reply.Response.ResponseCase == ProcessingResponse.ResponseOneofCase.ImmediateResponse)
        {
            _detached = true;
            return ExchangeResult.Immediate(reply.Response.ImmediateResponse);
        }
        if (!Matches(request.RequestCase, reply.Response.ResponseCase))
        {
            return Fail(GatewayFailure.ProcessorError, $"spurious ext_proc message {reply.Response.ResponseCase} in reply to {request.RequestCase}");
        }
        return ExchangeResult.Reply(reply.Response);
    }

    private ExchangeResult Fail(GatewayFailure failure, string message)
    {
        _detached = true;
        return options.FailureModeAllow ? ExchangeResult.Skip : ExchangeResult.Failed(failure, message);
    }

    private static bool Matches(ProcessingRequest.RequestOneofCase sent, ProcessingResponse.ResponseOneofCase got) => (sent, got) switch
    {
        (ProcessingRequest.RequestOneofCase.RequestHeaders, ProcessingResponse.ResponseOneofCase.RequestHeaders) => true,
        (ProcessingRequest.RequestOneofCase.RequestBody, ProcessingResponse.ResponseOneofCase.RequestBody) => true,
        (ProcessingRequest.RequestOneofCase.RequestTrailers, ProcessingResponse.ResponseOneofCase.RequestTrailers) => true,
        (ProcessingRequest.RequestOneofCase.ResponseHeaders, ProcessingResponse.ResponseOneofCase.ResponseHeaders) => true,
        (ProcessingRequest.RequestOneofCase.ResponseBody, ProcessingResponse.ResponseOneofCase.ResponseBody) => true,
        (ProcessingRequest.RequestOneofCase.ResponseTrailers, ProcessingResponse.ResponseOneofCase.ResponseTrailers) => true,
        _ => false,
    };

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}

internal enum GatewayFailure
{
    None,
    MessageTimeout,
    ProcessorError,
}

internal readonly record struct ExchangeResult(ProcessingResponse? Response, ImmediateResponse? ImmediateReply, GatewayFailure Failure, string? Message)
{
    public static ExchangeResult Skip => default;
    public static ExchangeResult Reply(ProcessingResponse response) => new(response, null, GatewayFailure.None, null);
    public static ExchangeResult Immediate(ImmediateResponse response) => new(null, response, GatewayFailure.None, null);
    public static ExchangeResult Failed(GatewayFailure failure, string message) => new(null, null, failure, message);
}
