namespace ExtProcRouter.Routing.Metrics;

/// <summary>A live source refreshed by <see cref="MetricSourceRefresher"/> on its own interval.</summary>
public interface IMetricSource
{
    /// <summary>Stable name for logs and metrics, e.g. <c>price_catalog</c>.</summary>
    string Name { get; }

    TimeSpan RefreshInterval { get; }

    /// <summary>Refreshes failed since start; the last good snapshot stays in use meanwhile.</summary>
    long FailureCount { get; }

    /// <summary>Fetches once; on failure keeps the previous snapshot, counts the failure and returns false (never throws, except on cancellation).</summary>
    Task<bool> RefreshAsync(CancellationToken cancellationToken);
}
