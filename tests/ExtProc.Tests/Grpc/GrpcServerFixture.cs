namespace ExtProcRouter.Tests.Grpc;

/// <summary>One Kestrel server on an ephemeral TCP port, shared by a test class.</summary>
public sealed class GrpcServerFixture : IAsyncLifetime
{
    internal ScriptedExternalProcessor Processor { get; } = new();

    internal GrpcTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await GrpcTestServer.StartTcpAsync(Processor);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
