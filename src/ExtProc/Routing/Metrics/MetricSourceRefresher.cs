using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>Runs one refresh loop per source, each on its own interval, starting with an immediate fetch.</summary>
public sealed class MetricSourceRefresher(
    IEnumerable<IMetricSource> sources,
    TimeProvider timeProvider,
    ILogger<MetricSourceRefresher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(sources.Select(source => RunAsync(source, stoppingToken)));

    private async Task RunAsync(IMetricSource source, CancellationToken stoppingToken)
    {
        logger.LogInformation("Metric source {Source} refreshes every {Interval}", source.Name, source.RefreshInterval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await source.RefreshAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(source.RefreshInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
