namespace ExtProcRouter.WellKnown;

/// <summary>The HTTP/2 paths (<c>/package.Service/Method</c>) of the gRPC methods the sidecar serves.</summary>
public static class GrpcMethodPaths
{
    public const string ExternalProcessorService = "envoy.service.ext_proc.v3.ExternalProcessor";
    public const string ExternalProcessorProcess = "/" + ExternalProcessorService + "/Process";

    public const string HealthService = "grpc.health.v1.Health";
    public const string HealthCheck = "/" + HealthService + "/Check";
}
