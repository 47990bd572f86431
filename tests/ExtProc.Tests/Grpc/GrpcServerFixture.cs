namespace ExtProcRouter.Tests.Grpc;

/// <summary>One Kestrel server on an ephemeral TCP port, shared by a test class.</summary>
public sealed class GrpcServerFixture : IAsyncLifetime
{
    internal ScriptedExternalProcessor Processor { get; } = new();

    /// <summary>The server's clock: deadlines pass only when a test advances it.</summary>
    internal ManualTimeProvider Clock { get; } = new();

    internal GrpcTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GrpcTestServer.StartTcpAsync(Processor, Clock);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
