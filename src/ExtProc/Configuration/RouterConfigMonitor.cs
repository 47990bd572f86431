using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Configuration;

/// <summary>
/// Holds the configuration in force and swaps it atomically for a new valid one. An invalid candidate is
/// refused as a whole: the running configuration stays and the errors are logged and returned.
/// Server, limits, llm_paths and metric source endpoints are read at start only; routers, models, providers,
/// prices, aliases and cooldown settings take effect on the next request.
/// </summary>
public sealed class RouterConfigMonitor : IRouterConfigSource
{
    private readonly ILogger _logger;
    private RouterConfig _current;
    private long _reloads;
    private long _failedReloads;

    public RouterConfigMonitor(RouterConfig initial, ILogger<RouterConfigMonitor> logger)
    {
        _current = initial;
        _logger = logger;
    }

    public RouterConfig Current => Volatile.Read(ref _current);

    /// <summary>Successful swaps since start.</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    /// <summary>Refused candidates since start (visible in metrics so a bad edit does not go unnoticed).</summary>
    public long FailedReloads => Interlocked.Read(ref _failedReloads);

    /// <summary>Raised after a swap, with the new configuration.</summary>
    public event Action<RouterConfig>? Changed;

    public void Apply(RouterConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Volatile.Write(ref _current, config);
        Interlocked.Increment(ref _reloads);
        Changed?.Invoke(config);
    }

    /// <summary>Validates and applies <paramref name="yaml"/>; returns the errors (empty when applied).</summary>
    public IReadOnlyList<string> TryApply(string yaml, Func<string, string?> getEnvironmentVariable, string source)
    {
        RouterConfig candidate;
        try
        {
            candidate = RouterConfigLoader.Load(yaml, getEnvironmentVariable);
        }
        catch (ConfigurationException exception)
        {
            Interlocked.Increment(ref _failedReloads);
            _logger.LogError("Configuration from {Source} refused; the running configuration stays. {Errors}",
                source, string.Join("; ", exception.Errors));
            return exception.Errors;
        }
        Apply(candidate);
        _logger.LogInformation("Configuration reloaded from {Source}: {Routers} routers, {Models} models",
            source, candidate.Routers.Count, candidate.Models.Count);
        return [];
    }
}
