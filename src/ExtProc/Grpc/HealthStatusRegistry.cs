using System.Collections.Concurrent;
using ExtProcRouter.WellKnown;
using Grpc.Health.V1;

namespace ExtProcRouter.Grpc;

/// <summary>
/// The default <see cref="IHealthStatusProvider"/>: a table that other components update, e.g. NOT_SERVING while
/// the model loads. Starts with the server ("") and the ext_proc service SERVING.
/// </summary>
public sealed class HealthStatusRegistry : IHealthStatusProvider
{
    private readonly ConcurrentDictionary<string, HealthCheckResponse.Types.ServingStatus> _statuses = new(StringComparer.Ordinal)
    {
        [""] = HealthCheckResponse.Types.ServingStatus.Serving,
        [GrpcMethodPaths.ExternalProcessorService] = HealthCheckResponse.Types.ServingStatus.Serving,
    };

    public HealthCheckResponse.Types.ServingStatus? GetStatus(string service) =>
        _statuses.TryGetValue(service, out var status) ? status : null;

    public void SetStatus(string service, HealthCheckResponse.Types.ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        _statuses[service] = status;
    }

    /// <summary>Makes the service unknown again (Check answers NOT_FOUND).</summary>
    public void Remove(string service) => _statuses.TryRemove(service, out _);
}
