using System.Buffers;
using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtProc.V3;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.WellKnown;
using Google.Protobuf;
using Microsoft.AspNetCore.Http.Features;

namespace ExtProcRouter.Standalone;

/// <summary>
/// An HTTP front door that plays Envoy's side of ext_proc for machines without Envoy: it sends each request's
/// headers and buffered body to the processor, applies the returned mutations with Envoy's documented rules
/// (route re-selection only after <c>clear_route_cache</c>, <c>content-length</c> checks, immediate responses,
/// <c>mode_override</c>, <c>message_timeout</c>, <c>failure_mode_allow</c>), forwards to the selected cluster and
/// runs the response through the processor too. Production deployments use Envoy itself.
/// </summary>
public sealed class FrontDoor(GatewayOptions options, IExtProcClient processor, HttpMessageInvoker upstream, ILogger<FrontDoor> logger)
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-connection", "proxy-authenticate",
        "proxy-authorization", "trailer", "host",
    };

    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        if (options.FilterDisabledPaths.Contains(context.Request.Path.Value ?? ""))
        {
            await WriteLocalReplyAsync(context, LocalReply.Text(200, "ok"), aborted);
            return;
        }

        var headers = RequestHeadersOf(context);
        var route = SelectCluster(headers);
        await using var session = new ProcessorSession(processor.OpenStream(aborted), options);
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;

        var result = await session.ExchangeAsync(new ProcessingRequest
        {
            RequestHeaders = new HttpHeaders { Headers = headers.ToProto(), EndOfStream = !canHaveBody },
        }, aborted);
        if (await TryFinishEarlyAsync(context, result, aborted)) return;
        byte[] body = [];
        if (result.Response is { } headersReply && ApplyCommon(headersReply.RequestHeaders.Response, headers, ref body, ref route) is { } rejected)
        {
            await WriteLocalReplyAsync(context, rejected, aborted);
            return;
        }

        if (canHaveBody)
        {
            var read = await ReadBodyAsync(context.Request.BodyReader, options.MaxBufferedBodyBytes, aborted);
            if (read is null)
            {
                await WriteLocalReplyAsync(context, LocalReply.PayloadTooLarge, aborted);
                return;
            }
            body = read;
            result = await session.ExchangeAsync(new ProcessingRequest
            {
                RequestBody = new HttpBody { Body = ByteString.CopyFrom(body), EndOfStream = true },
            }, aborted);
            if (await TryFinishEarlyAsync(context, result, aborted)) return;
            if (result.Response is { } bodyReply && ApplyCommon(bodyReply.RequestBody.Response, headers, ref body, ref route) is { } bodyRejected)
            {
                await WriteLocalReplyAsync(context, bodyRejected, aborted);
                return;
            }
        }

        using var upstreamResponse = await ForwardAsync(headers, body, route, aborted);
        await RespondAsync(context, session, upstreamResponse, aborted);
    }

    /// <summary>Applies a CommonResponse to the request; returns a local reply when Envoy would reject the mutation.</summary>
    private LocalReply? ApplyCommon(CommonResponse? common, HeaderMap headers, ref byte[] body, ref string? route)
    {
        if (common is null) return null;
        HeaderMutationApplier.Apply(common.HeaderMutation, headers);
        if (common.BodyMutation is { } mutation && ApplyBodyMutation(mutation, ref body) && !ContentLengthMatches(headers, body.Length))
        {
            logger.LogWarning("ext_proc body mutation rejected: content-length does not match the new body length {Length}", body.Length);
            return LocalReply.Text(500, "ext_proc body mutation with a mismatched content-length");
        }
        if (common.ClearRouteCache) route = SelectCluster(headers);
        return null;
    }

    private static bool ApplyBodyMutation(BodyMutation mutation, ref byte[] body)
    {
        switch (mutation.MutationCase)
        {
            case BodyMutation.MutationOneofCase.Body:
                body = mutation.Body.ToByteArray();
                return true;
            case BodyMutation.MutationOneofCase.ClearBody when mutation.ClearBody:
                body = [];
                return true;
            default:
                return false;
        }
    }

    private static bool ContentLengthMatches(HeaderMap headers, long length) =>
        headers.Get(HeaderNames.ContentLength) is not { } value || (long.TryParse(value, out var declared) && declared == length);

    private string? SelectCluster(HeaderMap headers) =>
        headers.Get(options.RouteHeader) is { } name && options.Clusters.ContainsKey(name) ? name : null;

    private async Task<HttpResponseMessage> ForwardAsync(HeaderMap headers, byte[] body, string? cluster, CancellationToken cancellationToken)
    {
        if (cluster is null) return LocalResponse(LocalReply.NoRoute);
        var baseUri = options.Clusters[cluster];
        var message = new HttpRequestMessage(new HttpMethod(headers.Get(HeaderNames.Method) ?? "GET"),
            new Uri(baseUri, headers.Get(HeaderNames.Path) ?? "/"));
        if (body.Length > 0 || headers.Contains(HeaderNames.ContentLength)) message.Content = new ByteArrayContent(body);
        foreach (var (key, value) in headers.Entries)
        {
            if (key.StartsWith(':') || HopByHop.Contains(key) || key == HeaderNames.ContentLength) continue;
            if (!message.Headers.TryAddWithoutValidation(key, value)) message.Content?.Headers.TryAddWithoutValidation(key, value);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.UpstreamTimeout);
        try
        {
            return await upstream.SendAsync(message, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return LocalResponse(LocalReply.UpstreamTimeout);
        }
        catch (HttpRequestException ex)
        {
            logger.LogInformation("upstream cluster {Cluster} failed: {Reason}", cluster, ex.Message);
            return LocalResponse(LocalReply.UpstreamConnectFailure("connection failure"));
        }
    }

    /// <summary>Runs the upstream response through the processor (headers, then a buffered or streamed body) to the client.</summary>
    private async Task RespondAsync(HttpContext context, ProcessorSession session, HttpResponseMessage upstreamResponse, CancellationToken cancellationToken)
    {
        var headers = ResponseHeadersOf(upstreamResponse);
        var result = await session.ExchangeAsync(new ProcessingRequest
        {
            ResponseHeaders = new HttpHeaders { Headers = headers.ToProto() },
        }, cancellationToken);
        if (await TryFinishEarlyAsync(context, result, cancellationToken)) return;

        var streamed = false;
        if (result.Response is { } reply)
        {
            HeaderMutationApplier.Apply(reply.ResponseHeaders.Response?.HeaderMutation, headers);
            streamed = reply.ModeOverride?.ResponseBodyMode == ProcessingMode.Types.BodySendMode.Streamed;
        }

        await using var upstreamBody = await upstreamResponse.Content.ReadAsStreamAsync(cancellationToken);
        if (streamed)
        {
            headers.Remove(HeaderNames.ContentLength);
            await StreamBodyAsync(context, session, headers, upstreamBody, cancellationToken);
        }
        else
        {
            await BufferBodyAsync(context, session, headers, upstreamBody, cancellationToken);
        }
    }

    private async Task BufferBodyAsync(HttpContext context, ProcessorSession session, HeaderMap headers, Stream upstreamBody, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(System.IO.Pipelines.PipeReader.Create(upstreamBody), options.MaxBufferedBodyBytes, cancellationToken);
        if (body is null)
        {
            await WriteLocalReplyAsync(context, LocalReply.Text(500, "upstream response exceeds the buffer limit"), cancellationToken);
            return;
        }
        var result = await session.ExchangeAsync(new ProcessingRequest
        {
            ResponseBody = new HttpBody { Body = ByteString.CopyFrom(body), EndOfStream = true },
        }, cancellationToken);
        if (await TryFinishEarlyAsync(context, result, cancellationToken)) return;
        if (result.Response?.ResponseBody.Response is { } common)
        {
            HeaderMutationApplier.Apply(common.HeaderMutation, headers);
            if (common.BodyMutation is { } mutation && ApplyBodyMutation(mutation, ref body) && !ContentLengthMatches(headers, body.Length))
            {
                await WriteLocalReplyAsync(context, LocalReply.Text(500, "ext_proc body mutation with a mismatched content-length"), cancellationToken);
                return;
            }
        }
        WriteHeaders(context.Response, headers);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken);
    }

    private async Task StreamBodyAsync(HttpContext context, ProcessorSession session, HeaderMap headers, Stream upstreamBody, CancellationToken cancellationToken)
    {
        WriteHeaders(context.Response, headers);
        await context.Response.StartAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var read = await upstreamBody.ReadAsync(buffer, cancellationToken);
                var chunk = new ReadOnlyMemory<byte>(buffer, 0, read);
                var endOfStream = read == 0;
                var result = await session.ExchangeAsync(new ProcessingRequest
                {
                    ResponseBody = new HttpBody { Body = ByteString.CopyFrom(chunk.Span), EndOfStream = endOfStream },
                }, cancellationToken);
                if (result.Failure != GatewayFailure.None || result.ImmediateReply is not null)
                {
                    // Headers are on the wire: like Envoy, reset the downstream stream.
                    logger.LogWarning("ext_proc failed mid-stream ({Message}); resetting the downstream stream", result.Message);
                    context.Abort();
                    return;
                }
                var mutation = result.Response?.ResponseBody.Response?.BodyMutation;
                var output = mutation?.MutationCase switch
                {
                    BodyMutation.MutationOneofCase.Body => mutation.Body.Memory,
                    BodyMutation.MutationOneofCase.ClearBody => ReadOnlyMemory<byte>.Empty,
                    _ => chunk,
                };
                if (!output.IsEmpty)
                {
                    await context.Response.Body.WriteAsync(output, cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                }
                if (endOfStream) return;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Handles an immediate response or a processor failure; true when the request is finished.</summary>
    private async Task<bool> TryFinishEarlyAsync(HttpContext context, ExchangeResult result, CancellationToken cancellationToken)
    {
        if (result.ImmediateReply is { } immediate)
        {
            var headers = new HeaderMap();
            HeaderMutationApplier.Apply(immediate.Headers, headers);
            var status = immediate.Status?.Code is { } code && (int)code >= 200 ? (int)code : 200;
            context.Response.StatusCode = status;
            WriteHeaders(context.Response, headers);
            var body = immediate.Body.Memory;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, cancellationToken);
            return true;
        }
        if (result.Failure != GatewayFailure.None)
        {
            logger.LogWarning("ext_proc failure ({Failure}): {Message}", result.Failure, result.Message);
            if (context.Response.HasStarted) { context.Abort(); return true; }
            await WriteLocalReplyAsync(context, LocalReply.ProcessorFailure(result.Failure), cancellationToken);
            return true;
        }
        return false;
    }

    private static async Task WriteLocalReplyAsync(HttpContext context, LocalReply reply, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        context.Response.ContentLength = reply.Body.Length;
        await context.Response.Body.WriteAsync(reply.Body, cancellationToken);
    }

    private static HttpResponseMessage LocalResponse(LocalReply reply)
    {
        var response = new HttpResponseMessage((System.Net.HttpStatusCode)reply.Status) { Content = new ByteArrayContent(reply.Body) };
        response.Content.Headers.TryAddWithoutValidation(HeaderNames.ContentType, reply.ContentType);
        return response;
    }

    /// <summary>Reads a whole body, or returns null as soon as it exceeds <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(System.IO.Pipelines.PipeReader reader, long limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.Buffer.Length > limit)
            {
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                return null;
            }
            if (read.IsCompleted)
            {
                var bytes = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    private static HeaderMap RequestHeadersOf(HttpContext context)
    {
        var request = context.Request;
        var headers = new HeaderMap();
        headers.Add(HeaderNames.Method, request.Method);
        headers.Add(":scheme", request.Scheme);
        headers.Add(HeaderNames.Authority, request.Host.Value ?? "");
        headers.Add(HeaderNames.Path, request.Path.Value + request.QueryString.Value);
        foreach (var (key, values) in request.Headers)
        {
            if (key.StartsWith(':') || key.Equals("host", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var value in values) headers.Add(key, value ?? "");
        }
        return headers;
    }

    private static HeaderMap ResponseHeadersOf(HttpResponseMessage response)
    {
        var headers = new HeaderMap();
        headers.Add(HeaderNames.Status, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (HopByHop.Contains(key)) continue;
            foreach (var value in values) headers.Add(key, value);
        }
        return headers;
    }

    private static void WriteHeaders(HttpResponse response, HeaderMap headers)
    {
        foreach (var (key, value) in headers.Entries)
        {
            if (key == HeaderNames.Status)
            {
                if (int.TryParse(value, out var status)) response.StatusCode = status;
                continue;
            }
            if (key.StartsWith(':') || HopByHop.Contains(key) || key == HeaderNames.ContentLength) continue;
            response.Headers.Append(key, value);
        }
    }
}
