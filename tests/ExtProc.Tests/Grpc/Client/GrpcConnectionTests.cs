using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;
using ExtProcRouter.Grpc.Client;
using ExtProcRouter.WellKnown;
using Grpc.Health.V1;

namespace ExtProcRouter.Tests.Grpc.Client;

public sealed class GrpcConnectionTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task UnixSocket_CarriesStreamsAndHealthChecks()
    {
        var processor = new ScriptedExternalProcessor();
        await using var server = await GrpcTestServer.StartUnixSocketAsync(processor);
        using var connection = new GrpcConnection(server.Target);

        await using var call = connection.StartDuplex<ProcessingRequest, ProcessingResponse>(
            GrpcMethodPaths.ExternalProcessorProcess, ProcessingResponse.Parser);
        await call.WriteAsync(ExtProcMessages.RequestHeaders());
        await call.WriteAsync(ExtProcMessages.RequestBody(10_000));
        await call.CompleteRequestsAsync();
        var first = await call.ReadAsync().AsTask().WaitAsync(HangGuard);
        var second = await call.ReadAsync();
        var status = await call.GetStatusAsync().WaitAsync(HangGuard);
        var health = await connection.UnaryAsync(GrpcMethodPaths.HealthCheck, new HealthCheckRequest(), HealthCheckResponse.Parser);

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestHeaders, first!.ResponseCase);
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, second!.ResponseCase);
        Assert.Equal(GrpcCallStatus.Ok, status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task ClientTimeout_EndsTheCallWithDeadlineExceeded_AndCancelsTheServerHandler()
    {
        var processor = new ScriptedExternalProcessor();
        await using var server = await GrpcTestServer.StartTcpAsync(processor);
        var clock = new ManualTimeProvider();
        using var connection = new GrpcConnection(new GrpcConnectionOptions { Address = new Uri(server.Target), TimeProvider = clock });
        string callId = Guid.NewGuid().ToString("N");

        await using var call = connection.StartDuplex<ProcessingRequest, ProcessingResponse>(
            GrpcMethodPaths.ExternalProcessorProcess, ProcessingResponse.Parser,
            new GrpcCallOptions { Timeout = TimeSpan.FromMinutes(10) });
        await call.WriteAsync(ExtProcMessages.RequestHeaders("hang", callId));
        Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard));
        var pendingRead = call.ReadAsync().AsTask();

        clock.Advance(TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => pendingRead.WaitAsync(HangGuard));
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, error.Status);
        Assert.Equal("cancelled", await processor.OutcomeOf(callId).WaitAsync(HangGuard));
    }

    [Fact]
    public async Task ClientTimeout_IsSentAsGrpcTimeout()
    {
        var processor = new ScriptedExternalProcessor();
        var serverClock = new ManualTimeProvider();
        await using var server = await GrpcTestServer.StartTcpAsync(processor, serverClock);
        // The client's own timer never fires: only the server, told by the header, can end the call.
        using var connection = new GrpcConnection(new GrpcConnectionOptions
        {
            Address = new Uri(server.Target), TimeProvider = new ManualTimeProvider(),
        });
        string callId = Guid.NewGuid().ToString("N");

        await using var call = connection.StartDuplex<ProcessingRequest, ProcessingResponse>(
            GrpcMethodPaths.ExternalProcessorProcess, ProcessingResponse.Parser,
            new GrpcCallOptions { Timeout = TimeSpan.FromSeconds(30) });
        await call.WriteAsync(ExtProcMessages.RequestHeaders("hang", callId));
        Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard));

        serverClock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, (await call.GetStatusAsync().WaitAsync(HangGuard)).Code);
    }

    [Fact]
    public async Task CallerCancellationToken_CancelsTheCall()
    {
        var processor = new ScriptedExternalProcessor();
        await using var server = await GrpcTestServer.StartTcpAsync(processor);
        using var connection = new GrpcConnection(server.Target);
        using var cancellation = new CancellationTokenSource();
        string callId = Guid.NewGuid().ToString("N");

        await using var call = connection.StartDuplex<ProcessingRequest, ProcessingResponse>(
            GrpcMethodPaths.ExternalProcessorProcess, ProcessingResponse.Parser,
            new GrpcCallOptions { CancellationToken = cancellation.Token });
        await call.WriteAsync(ExtProcMessages.RequestHeaders("hang", callId));
        Assert.NotNull(await call.ReadAsync().AsTask().WaitAsync(HangGuard));
        var pendingRead = call.ReadAsync().AsTask();

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => pendingRead.WaitAsync(HangGuard));
        Assert.Equal(GrpcStatusCode.Cancelled, error.Status);
        Assert.Equal("cancelled", await processor.OutcomeOf(callId).WaitAsync(HangGuard));
    }

    [Fact]
    public async Task BufferedBodyNearTheDefault16MiBLimit_FlowsThroughHttp2FlowControl()
    {
        var processor = new ScriptedExternalProcessor();
        await using var server = await GrpcTestServer.StartTcpAsync(processor,
            maxReceiveMessageBytes: GrpcServerOptions.DefaultMaxReceiveMessageBytes);
        using var connection = new GrpcConnection(server.Target);

        await using var call = connection.StartDuplex<ProcessingRequest, ProcessingResponse>(
            GrpcMethodPaths.ExternalProcessorProcess, ProcessingResponse.Parser);
        await call.WriteAsync(ExtProcMessages.RequestHeaders());
        await call.WriteAsync(ExtProcMessages.RequestBody(GrpcServerOptions.DefaultMaxReceiveMessageBytes - 64)).AsTask().WaitAsync(HangGuard);
        await call.CompleteRequestsAsync();

        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestHeaders, (await call.ReadAsync().AsTask().WaitAsync(HangGuard))!.ResponseCase);
        Assert.Equal(ProcessingResponse.ResponseOneofCase.RequestBody, (await call.ReadAsync().AsTask().WaitAsync(HangGuard))!.ResponseCase);
        Assert.Equal(GrpcCallStatus.Ok, await call.GetStatusAsync().WaitAsync(HangGuard));
    }

    [Fact]
    public async Task ResponseOverTheClientLimit_IsResourceExhausted()
    {
        var processor = new ScriptedExternalProcessor();
        await using var server = await GrpcTestServer.StartTcpAsync(processor);
        // An empty HeadersResponse reply is 2 bytes on the wire.
        using var connection = new GrpcConnection(new GrpcConnectionOptions { Address = new Uri(server.Target), MaxReceiveMessageBytes = 1 });

        await using var call = connection.StartDuplex<ProcessingRequest, ProcessingResponse>(
            GrpcMethodPaths.ExternalProcessorProcess, ProcessingResponse.Parser);
        await call.WriteAsync(ExtProcMessages.RequestHeaders());

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => call.ReadAsync().AsTask().WaitAsync(HangGuard));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.Status);
        Assert.Equal(GrpcStatusCode.ResourceExhausted, (await call.GetStatusAsync()).Code);
    }

    [Fact]
    public async Task NothingListening_IsUnavailable()
    {
        string folder = Directory.CreateTempSubdirectory("grpc").FullName;
        try
        {
            using var connection = new GrpcConnection("unix:" + Path.Combine(folder, "absent.sock"));
            var error = await Assert.ThrowsAsync<GrpcStatusException>(() =>
                connection.UnaryAsync(GrpcMethodPaths.HealthCheck, new HealthCheckRequest(), HealthCheckResponse.Parser).WaitAsync(HangGuard));
            Assert.Equal(GrpcStatusCode.Unavailable, error.Status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("unix:/tmp/x.sock", "/tmp/x.sock")]
    [InlineData("unix:///tmp/x.sock", "/tmp/x.sock")]
    public void UnixTargets_AreParsed(string target, string path) =>
        Assert.Equal(path, GrpcConnectionOptions.ForTarget(target).UnixSocketPath);

    [Fact]
    public void HttpTarget_IsParsed() =>
        Assert.Equal(new Uri("http://127.0.0.1:5000"), GrpcConnectionOptions.ForTarget("http://127.0.0.1:5000").Address);

    [Theory]
    [InlineData("https://example.com")]
    [InlineData("127.0.0.1:5000")]
    public void UnsupportedTargets_AreRejected(string target) =>
        Assert.Throws<ArgumentException>(() => GrpcConnectionOptions.ForTarget(target));
}
