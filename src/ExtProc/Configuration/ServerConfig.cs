namespace ExtProcRouter.Configuration;

/// <summary>Where the sidecar listens and how long Envoy waits for one reply.</summary>
/// <param name="TcpHost">Address of the gRPC TCP listener (loopback by default: the sidecar sits next to Envoy).</param>
/// <param name="TcpPort">gRPC TCP port, or null for UDS only.</param>
/// <param name="UdsPath">gRPC Unix domain socket path, or null for TCP only.</param>
/// <param name="AdminPort">HTTP port of health, metrics and the admin API, or null to disable it.</param>
/// <param name="MessageTimeout">The ext_proc <c>message_timeout</c> the deployment uses (Envoy's default is 200 ms).</param>
/// <param name="FrontDoorUrl">
/// Where clients reach this router (the Envoy listener or the standalone gateway): the console's Playground sends a
/// conversation there for a real answer. Null: the Playground only does dry runs (the sidecar cannot know it itself).
/// </param>
public sealed record ServerConfig(string TcpHost, int? TcpPort, string? UdsPath, int? AdminPort, TimeSpan MessageTimeout, Uri? FrontDoorUrl = null)
{
    public static readonly TimeSpan DefaultMessageTimeout = TimeSpan.FromMilliseconds(200);
}
