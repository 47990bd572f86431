using ExtProcRouter.WellKnown;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExtProcRouter.Grpc;

/// <summary>
/// Runs one gRPC call on an ASP.NET Core request: checks the request is gRPC, sets up deadline and cancellation,
/// hands typed message streams to the method's handler, and turns its outcome into <c>grpc-status</c>.
/// </summary>
internal sealed partial class GrpcCallHandler(IOptions<GrpcServerOptions> options, TimeProvider timeProvider,
    ILogger<GrpcCallHandler> logger)
{
    private readonly GrpcServerOptions _options = options.Value;

    /// <summary>A bidirectional streaming call.</summary>
    public async Task HandleDuplexAsync<TRequest, TResponse>(HttpContext context, MessageParser<TRequest> parser,
        Func<IMessageReader<TRequest>, IMessageWriter<TResponse>, CancellationToken, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        if (!TryAccept(context, out var timeout))
            return;

        var response = context.Response;
        response.ContentType = GrpcHeaderNames.ContentType;

        GrpcCallStatus status;
        using (var call = new ServerCallLifetime(context, timeout, timeProvider))
        {
            var reader = new PipeMessageReader<TRequest>(context.Request.BodyReader, parser, _options.MaxReceiveMessageBytes, call.Token, call);
            var writer = new PipeMessageWriter<TResponse>(response.BodyWriter, call.Token, call);
            try
            {
                if (timeout == TimeSpan.Zero)
                    throw new OperationCanceledException(call.Token);
                await handler(reader, writer, call.Token).ConfigureAwait(false);
                status = GrpcCallStatus.Ok;
            }
            catch (Exception e)
            {
                status = GrpcStatusMapper.FromException(e, call.DeadlineExceeded || timeout == TimeSpan.Zero,
                    call.PeerReset, out bool unexpected);
                if (unexpected)
                    LogHandlerFailed(context.Request.Path, e);
                else if (status.Code is GrpcStatusCode.Internal or GrpcStatusCode.Unknown or GrpcStatusCode.ResourceExhausted)
                    LogCallFailed(context.Request.Path, status.Code, status.Message);
            }
            if (call.PeerReset)
                return; // nobody is left to read a status
        }

        WriteStatus(response, status);
    }

    /// <summary>A unary call: exactly one request message, exactly one response message.</summary>
    public Task HandleUnaryAsync<TRequest, TResponse>(HttpContext context, MessageParser<TRequest> parser,
        Func<TRequest, CancellationToken, ValueTask<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        return HandleDuplexAsync<TRequest, TResponse>(context, parser, async (requests, responses, cancellationToken) =>
        {
            var request = await requests.ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new GrpcStatusException(GrpcStatusCode.Internal, "a unary call needs one request message, got none");
            if (await requests.ReadAsync(cancellationToken).ConfigureAwait(false) is not null)
                throw new GrpcStatusException(GrpcStatusCode.Internal, "a unary call takes one request message, got more");
            var reply = await handler(request, cancellationToken).ConfigureAwait(false);
            await responses.WriteAsync(reply, cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>Any gRPC request to a method we do not serve.</summary>
    public Task HandleUnknownMethodAsync(HttpContext context)
    {
        if (!IsGrpcContentType(context.Request.ContentType))
        {
            // Not a gRPC request: behave like any unknown route.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (TryAccept(context, out _))
            WriteStatus(context.Response, new GrpcCallStatus(GrpcStatusCode.Unimplemented, $"unknown method {context.Request.Path}"));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Validates the request as gRPC (grpc/doc/PROTOCOL-HTTP2.md). Plain HTTP failures for requests that are not
    /// gRPC; a trailers-only gRPC status for gRPC requests we cannot serve.
    /// </summary>
    private bool TryAccept(HttpContext context, out TimeSpan? timeout)
    {
        timeout = null;
        var request = context.Request;
        var response = context.Response;

        if (!HttpMethods.IsPost(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "POST";
            return false;
        }
        if (!IsGrpcContentType(request.ContentType))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return false;
        }
        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.Headers.Upgrade = "h2c";
            return false;
        }

        var encoding = request.Headers[GrpcHeaderNames.Encoding];
        if (encoding.Count > 0 && !string.Equals(encoding.ToString(), GrpcHeaderNames.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            response.Headers[GrpcHeaderNames.AcceptEncoding] = GrpcHeaderNames.IdentityEncoding;
            WriteStatus(response, new GrpcCallStatus(GrpcStatusCode.Unimplemented, GrpcFraming.CompressionNotSupported));
            return false;
        }

        var timeoutHeader = request.Headers[GrpcHeaderNames.Timeout];
        if (timeoutHeader.Count > 0)
        {
            if (GrpcTimeout.TryParse(timeoutHeader.ToString(), out var parsed))
                timeout = parsed;
            else if (_options.RejectMalformedTimeout)
            {
                WriteStatus(response, new GrpcCallStatus(GrpcStatusCode.Internal, $"malformed grpc-timeout '{timeoutHeader}'"));
                return false;
            }
        }

        // A stream lives as long as its HTTP request and may carry many large messages: Kestrel's per-request body
        // size cap and minimum data rates (meant for uploads) would cut idle or long ext_proc streams.
        var features = context.Features;
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody)
            maxBody.MaxRequestBodySize = null;
        if (features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRequestRate)
            minRequestRate.MinDataRate = null;
        if (features.Get<IHttpMinResponseDataRateFeature>() is { } minResponseRate)
            minResponseRate.MinDataRate = null;
        return true;
    }

    /// <summary>
    /// Sends the status as trailers, or, when no message was sent yet, as a trailers-only response (the status in
    /// the headers of an empty response).
    /// </summary>
    internal static void WriteStatus(HttpResponse response, GrpcCallStatus status)
    {
        string code = StatusCodeText(status.Code);
        string? message = status.Message.Length == 0 ? null : GrpcMessageEncoding.Encode(status.Message);
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = GrpcHeaderNames.ContentType;
            response.Headers[GrpcHeaderNames.Status] = code;
            if (message is not null)
                response.Headers[GrpcHeaderNames.Message] = message;
            return;
        }

        response.AppendTrailer(GrpcHeaderNames.Status, code);
        if (message is not null)
            response.AppendTrailer(GrpcHeaderNames.Message, message);
    }

    internal static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(GrpcHeaderNames.ContentType, StringComparison.OrdinalIgnoreCase))
            return false;
        if (contentType.Length == GrpcHeaderNames.ContentType.Length)
            return true;
        // application/grpc+proto, application/grpc;charset=..., but not application/grpc-web.
        char next = contentType[GrpcHeaderNames.ContentType.Length];
        return next is '+' or ';';
    }

    private static string StatusCodeText(GrpcStatusCode code) => code switch
    {
        GrpcStatusCode.Ok => "0",
        GrpcStatusCode.Cancelled => "1",
        GrpcStatusCode.Unknown => "2",
        GrpcStatusCode.InvalidArgument => "3",
        GrpcStatusCode.DeadlineExceeded => "4",
        GrpcStatusCode.NotFound => "5",
        GrpcStatusCode.ResourceExhausted => "8",
        GrpcStatusCode.Unimplemented => "12",
        GrpcStatusCode.Internal => "13",
        GrpcStatusCode.Unavailable => "14",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC handler for {Path} failed; the call ends with INTERNAL")]
    private partial void LogHandlerFailed(PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gRPC call {Path} ended with {Code}: {Detail}")]
    private partial void LogCallFailed(PathString path, GrpcStatusCode code, string detail);
}
