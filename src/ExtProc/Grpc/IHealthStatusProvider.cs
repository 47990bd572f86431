using Grpc.Health.V1;

namespace ExtProcRouter.Grpc;

/// <summary>Answers grpc.health.v1.Health/Check.</summary>
public interface IHealthStatusProvider
{
    /// <summary>The serving status of <paramref name="service"/> ("" = the whole server), or null when unknown.</summary>
    HealthCheckResponse.Types.ServingStatus? GetStatus(string service);
}
