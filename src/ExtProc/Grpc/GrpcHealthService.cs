using Grpc.Health.V1;

namespace ExtProcRouter.Grpc;

/// <summary>grpc.health.v1.Health/Check; an unknown service name is NOT_FOUND, as the health protocol says.</summary>
internal sealed class GrpcHealthService(IHealthStatusProvider statuses)
{
    public ValueTask<HealthCheckResponse> CheckAsync(HealthCheckRequest request, CancellationToken cancellationToken)
    {
        var status = statuses.GetStatus(request.Service)
            ?? throw new GrpcStatusException(GrpcStatusCode.NotFound, $"unknown service '{request.Service}'");
        return ValueTask.FromResult(new HealthCheckResponse { Status = status });
    }
}
