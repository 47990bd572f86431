namespace ExtProcRouter.Admin;

/// <summary>Hands the persisted routers to the routing module when the host starts, so they survive restarts.</summary>
internal sealed class ControlPlaneStartup(ControlPlane controlPlane) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => controlPlane.PublishAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
