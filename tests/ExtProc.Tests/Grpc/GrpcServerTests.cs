using System.Net;
using System.Net.Http.Headers;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;
using ExtProcRouter.Grpc.Client;
using ExtProcRouter.WellKnown;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;

namespace ExtProcRouter.Tests.Grpc;

/// <summary>The real Kestrel-hosted server, driven over HTTP/2 by the project's client and by raw requests.</summary>
public sealed class GrpcServerTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    /// <summary>Guards against hangs only; no test depends on how fast anything is.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private GrpcConnection Connect() => new(fixture.Server.Target);

    private DuplexCall<ProcessingRequest, ProcessingResponse> StartProcess(GrpcConnection connection, GrpcCallOptions? options = null) =>
        connection.StartDuplex<ProcessingRequest, ProcessingResponse>(GrpcMethodPaths.ExternalProcessorProcess, ProcessingResponse.Parser, options);

    [Fact]
    public async Task Process_RepliesOncePerMessageInOrder_ThenOk()
    {
        using var connection = Connect();
        await using var call = StartProcess(connection);
        ProcessingRequest[] requests =
        [
            ExtProcMessages.RequestHeaders(), ExtProcMessages.RequestBody(4096), ExtProcMessages.ResponseHeaders(),
            ExtProcMessages.ResponseBody("data: {}\n\n", false), ExtProcMessages.ResponseBody("data: [DONE]\n\n", true),
        ];

        foreach (var request in requests)
        {
            await call.WriteAsync(request);
            var reply = await call.ReadAsync().AsTask().WaitAsync(HangGuard);
            Assert.Equal(ScriptedExternalProcessor.ReplyTo(request), reply);
        }
        await call.CompleteRequestsAsync();

        Assert.Null(await call.ReadAsync().AsTask().WaitAsync(HangGuard));
        Assert.Equal(GrpcCallStatus.Ok, await call.GetStatusAsync());
    }

    [Fact]
    public async Task LargeBufferedBody_JustUnderTheLimit_IsAccepted()
    {
        using var connection = Connect();
        await using var call = StartProcess(connection);
        await call.WriteAsync(ExtProcMessages.RequestHeaders());
        await call.WriteAsync(ExtProcMessages.RequestBody(GrpcTestServer.MaxReceiveMessageBytes - 64));
        await call.CompleteRequestsAsync();

        Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard));
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, (await call.ReadAsync())!.ResponseCase);
        Assert.Equal(GrpcCallStatus.Ok, await call.GetStatusAsync().WaitAsync(HangGuard));
    }

    [Fact]
    public async Task TwoHundredConcurrentStreams_OnOneConnection_AllSucceed()
    {
        using var connection = Connect();
        var calls = Enumerable.Range(0, 200).Select(async i =>
        {
            await using var call = StartProcess(connection);
            await call.WriteAsync(ExtProcMessages.RequestHeaders());
            await call.WriteAsync(ExtProcMessages.RequestBody(100 + i));
            await call.CompleteRequestsAsync();
            int replies = 0;
            while (await call.ReadAsync() is not null)
                replies++;
            return (replies, await call.GetStatusAsync());
        }).ToArray();

        var results = await Task.WhenAll(calls).WaitAsync(HangGuard);

        Assert.All(results, r => Assert.Equal((2, GrpcCallStatus.Ok), r));
    }

    [Fact]
    public async Task HandlerStatusException_ReachesThePeer_WithItsMessageIntact()
    {
        using var connection = Connect();
        await using var call = StartProcess(connection);
        await call.WriteAsync(ExtProcMessages.RequestHeaders("fail-status"));

        Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard));
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => call.ReadAsync().AsTask());

        Assert.Equal(GrpcStatusCode.InvalidArgument, error.Status);
        Assert.Equal(ScriptedExternalProcessor.FailureMessage, error.Message);
    }

    [Fact]
    public async Task StatusBeforeAnyReply_IsSentTrailersOnly()
    {
        using var connection = Connect();
        await using var call = StartProcess(connection);
        await call.WriteAsync(ExtProcMessages.RequestHeaders("fail-early"));

        var status = await call.GetStatusAsync().WaitAsync(HangGuard);

        Assert.Equal(new GrpcCallStatus(GrpcStatusCode.PermissionDenied, "refused before any reply"), status);
    }

    [Fact]
    public async Task HandlerEndingWithoutReplies_IsATrailersOnlyOk()
    {
        using var connection = Connect();
        await using var call = StartProcess(connection);
        await call.WriteAsync(ExtProcMessages.RequestHeaders("close"));

        Assert.Null(await call.ReadAsync().AsTask().WaitAsync(HangGuard));
        Assert.Equal(GrpcCallStatus.Ok, await call.GetStatusAsync());
    }

    [Fact]
    public async Task HandlerCrash_IsInternal_WithoutItsDetails_IsLogged_AndTheServerKeepsServing()
    {
        using var connection = Connect();
        await using (var call = StartProcess(connection))
        {
            await call.WriteAsync(ExtProcMessages.RequestHeaders("throw"));
            var status = await call.GetStatusAsync().WaitAsync(HangGuard);

            Assert.Equal(GrpcStatusCode.Internal, status.Code);
            Assert.DoesNotContain(ScriptedExternalProcessor.SecretDetail, status.Message);
        }
        Assert.Contains(fixture.Server.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error &&
            e.Exception?.Message == ScriptedExternalProcessor.SecretDetail);

        await using var next = StartProcess(connection);
        await next.WriteAsync(ExtProcMessages.RequestHeaders());
        await next.CompleteRequestsAsync();
        Assert.Equal(GrpcCallStatus.Ok, await next.GetStatusAsync().WaitAsync(HangGuard));
    }

    [Fact]
    public async Task OversizedMessage_IsResourceExhausted()
    {
        using var connection = Connect();
        await using var call = StartProcess(connection);
        await call.WriteAsync(ExtProcMessages.RequestHeaders());
        Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard));

        try
        {
            await call.WriteAsync(ExtProcMessages.RequestBody(GrpcTestServer.MaxReceiveMessageBytes + 1));
        }
        catch (GrpcStatusException)
        {
            // The server may end the call while the body is still being sent; the status tells why.
        }
        var status = await call.GetStatusAsync().WaitAsync(HangGuard);

        Assert.Equal(GrpcStatusCode.ResourceExhausted, status.Code);
    }

    [Fact]
    public async Task ServerDeadline_FromGrpcTimeout_IsDeadlineExceeded_AndCancelsTheHandler()
    {
        using var connection = Connect();
        string callId = Guid.NewGuid().ToString("N");
        // The header alone, without a client-side timer: the status must come from the server's deadline.
        var options = new GrpcCallOptions { Headers = [new(GrpcHeaderNames.Timeout, "5S")] };
        await using var call = StartProcess(connection, options);
        await call.WriteAsync(ExtProcMessages.RequestHeaders("hang", callId));
        Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard)); // the handler is now waiting

        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        var status = await call.GetStatusAsync().WaitAsync(HangGuard);

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, status.Code);
        Assert.Equal("cancelled", await fixture.Processor.OutcomeOf(callId).WaitAsync(HangGuard));
    }

    [Fact]
    public async Task ServerDeadline_InterruptsAHandlerBlockedOnARead_EvenWithoutItsToken()
    {
        using var connection = Connect();
        string callId = Guid.NewGuid().ToString("N");
        var options = new GrpcCallOptions { Headers = [new(GrpcHeaderNames.Timeout, "3M")] };
        await using var call = StartProcess(connection, options);
        await call.WriteAsync(ExtProcMessages.RequestHeaders("hang-reading-without-token", callId));
        Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard));

        fixture.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, (await call.GetStatusAsync().WaitAsync(HangGuard)).Code);
        Assert.Equal("cancelled", await fixture.Processor.OutcomeOf(callId).WaitAsync(HangGuard));
    }

    [Fact]
    public async Task ExpiredDeadline_EndsTheCallWithoutRunningIt()
    {
        using var connection = Connect();
        var options = new GrpcCallOptions { Headers = [new(GrpcHeaderNames.Timeout, "0n")] };
        await using var call = StartProcess(connection, options);
        await call.CompleteRequestsAsync();

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, (await call.GetStatusAsync().WaitAsync(HangGuard)).Code);
    }

    [Fact]
    public async Task MalformedGrpcTimeout_IsRefused()
    {
        using var connection = Connect();
        var options = new GrpcCallOptions { Headers = [new(GrpcHeaderNames.Timeout, "soon")] };
        await using var call = StartProcess(connection, options);
        await call.CompleteRequestsAsync();

        var status = await call.GetStatusAsync().WaitAsync(HangGuard);
        Assert.Equal(GrpcStatusCode.Internal, status.Code);
        Assert.Contains("grpc-timeout", status.Message);
    }

    [Fact]
    public async Task ClientCancellation_CancelsAndReleasesTheServerHandler()
    {
        using var connection = Connect();
        string callId = Guid.NewGuid().ToString("N");
        var call = StartProcess(connection);
        await call.WriteAsync(ExtProcMessages.RequestHeaders("hang", callId));
        Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard));

        call.Cancel();

        Assert.Equal(GrpcStatusCode.Cancelled, (await call.GetStatusAsync()).Code);
        Assert.Equal("cancelled", await fixture.Processor.OutcomeOf(callId).WaitAsync(HangGuard));
        await call.DisposeAsync();
        // A peer going away is routine for a sidecar: it must not be reported as a failure.
        Assert.DoesNotContain(fixture.Server.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning &&
            e.Message.Contains("/Process", StringComparison.Ordinal) && e.Exception is not InvalidOperationException);
    }

    [Fact]
    public async Task DisposingAnUnfinishedCall_ReleasesTheServerHandler()
    {
        using var connection = Connect();
        string callId = Guid.NewGuid().ToString("N");
        await using (var call = StartProcess(connection))
        {
            await call.WriteAsync(ExtProcMessages.RequestHeaders("hang", callId));
            Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard)); // the handler has started
        }

        Assert.Equal("cancelled", await fixture.Processor.OutcomeOf(callId).WaitAsync(HangGuard));
    }

    [Fact]
    public async Task HealthCheck_AnswersServingForTheServerAndTheProcessor()
    {
        using var connection = Connect();
        foreach (string service in new[] { "", GrpcMethodPaths.ExternalProcessorService })
        {
            var reply = await connection.UnaryAsync(GrpcMethodPaths.HealthCheck, new HealthCheckRequest { Service = service },
                HealthCheckResponse.Parser).WaitAsync(HangGuard);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        }
    }

    [Fact]
    public async Task HealthCheck_UnknownService_IsNotFound()
    {
        using var connection = Connect();
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => connection.UnaryAsync(GrpcMethodPaths.HealthCheck,
            new HealthCheckRequest { Service = "no.such.Service" }, HealthCheckResponse.Parser).WaitAsync(HangGuard));
        Assert.Equal(GrpcStatusCode.NotFound, error.Status);
    }

    [Fact]
    public async Task HealthCheck_ReflectsTheRegistry()
    {
        var registry = fixture.Server.Services.GetRequiredService<HealthStatusRegistry>();
        const string service = "test.NotServingYet";
        registry.SetStatus(service, HealthCheckResponse.Types.ServingStatus.NotServing);
        try
        {
            using var connection = Connect();
            var reply = await connection.UnaryAsync(GrpcMethodPaths.HealthCheck, new HealthCheckRequest { Service = service },
                HealthCheckResponse.Parser).WaitAsync(HangGuard);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, reply.Status);
        }
        finally
        {
            registry.Remove(service);
        }
    }

    [Fact]
    public async Task UnknownMethod_IsUnimplemented()
    {
        using var connection = Connect();
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => connection.UnaryAsync("/grpc.health.v1.Health/Watch",
            new HealthCheckRequest(), HealthCheckResponse.Parser).WaitAsync(HangGuard));
        Assert.Equal(GrpcStatusCode.Unimplemented, error.Status);
    }

    [Fact]
    public async Task GetRequest_IsMethodNotAllowed()
    {
        using var client = RawClient();
        using var response = await client.SendAsync(RawRequest(HttpMethod.Get, content: null));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/grpc-web")]
    public async Task NonGrpcContentType_IsUnsupportedMediaType(string contentType)
    {
        using var client = RawClient();
        var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.SendAsync(RawRequest(HttpMethod.Post, content));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task GrpcContentTypeWithSuffix_IsAccepted()
    {
        using var client = RawClient();
        var content = new ByteArrayContent(Framed(ExtProcMessages.RequestHeaders()));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc+proto");
        using var response = await client.SendAsync(RawRequest(HttpMethod.Post, content));
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", Assert.Single(response.TrailingHeaders.GetValues(GrpcHeaderNames.Status)));
    }

    [Fact]
    public async Task CompressedMessage_IsRefusedWithAClearStatus()
    {
        using var client = RawClient();
        var content = new ByteArrayContent([1, 0, 0, 0, 2, 0x1f, 0x8b]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(GrpcHeaderNames.ContentType);
        using var response = await client.SendAsync(RawRequest(HttpMethod.Post, content));
        await response.Content.ReadAsByteArrayAsync();

        var (code, message) = StatusOf(response);
        Assert.Equal("13", code);
        Assert.Equal(GrpcMessageEncoding.Encode("compressed messages are not supported; disable grpc compression"), message);
    }

    [Fact]
    public async Task GzipEncoding_IsRefusedBeforeTheHandlerRuns()
    {
        using var client = RawClient();
        var content = new ByteArrayContent([0, 0, 0, 0, 0]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(GrpcHeaderNames.ContentType);
        var request = RawRequest(HttpMethod.Post, content);
        request.Headers.TryAddWithoutValidation(GrpcHeaderNames.Encoding, "gzip");
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        var (code, message) = StatusOf(response);
        Assert.Equal("12", code);
        Assert.Contains("compress", message);
        Assert.Equal("identity", Assert.Single(response.Headers.GetValues(GrpcHeaderNames.AcceptEncoding)));
    }

    private static (string? Code, string? Message) StatusOf(HttpResponseMessage response)
    {
        // Trailers-only responses carry the status in the headers.
        static string? Get(HttpResponseMessage r, string name) =>
            r.TrailingHeaders.TryGetValues(name, out var t) ? t.Single()
            : r.Headers.TryGetValues(name, out var h) ? h.Single() : null;
        return (Get(response, GrpcHeaderNames.Status), Get(response, GrpcHeaderNames.Message));
    }

    private static byte[] Framed(ProcessingRequest message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        GrpcFraming.WriteMessage(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    private static HttpClient RawClient() => new(new SocketsHttpHandler());

    private HttpRequestMessage RawRequest(HttpMethod method, HttpContent? content) =>
        new(method, new Uri(new Uri(fixture.Server.Target), GrpcMethodPaths.ExternalProcessorProcess))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
}
