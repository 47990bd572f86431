using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Configuration;

/// <summary>
/// Reloads router.yaml when its content changes. Polls a content hash rather than relying on file-system events,
/// which miss Kubernetes ConfigMap updates (a symlink swap) and fire several times per editor save.
/// </summary>
public sealed class RouterConfigFileWatcher : BackgroundService
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(2);

    private readonly string _path;
    private readonly RouterConfigMonitor _monitor;
    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _pollInterval;
    private readonly ILogger _logger;
    private byte[]? _lastHash;

    public RouterConfigFileWatcher(string path, RouterConfigMonitor monitor, Func<string, string?> getEnvironmentVariable,
        TimeProvider timeProvider, ILogger<RouterConfigFileWatcher> logger, TimeSpan? pollInterval = null)
    {
        _path = path;
        _monitor = monitor;
        _getEnvironmentVariable = getEnvironmentVariable;
        _timeProvider = timeProvider;
        _logger = logger;
        _pollInterval = pollInterval ?? DefaultPollInterval;
        _lastHash = TryHash(out var bytes) ? bytes : null;
    }

    /// <summary>Reloads if the file changed since the last look. Returns null when unchanged, else the errors (empty = applied).</summary>
    public IReadOnlyList<string>? CheckNow()
    {
        string text;
        byte[] hash;
        try
        {
            var bytes = File.ReadAllBytes(_path);
            hash = SHA256.HashData(bytes);
            if (_lastHash is not null && hash.AsSpan().SequenceEqual(_lastHash)) return null;
            text = System.Text.Encoding.UTF8.GetString(bytes);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Mid-write or briefly missing during an atomic replace: look again next time.
            _logger.LogWarning("Cannot read {Path}: {Reason}", _path, exception.Message);
            return null;
        }
        // Remember the content even when refused, so one bad edit is logged once rather than every poll.
        _lastHash = hash;
        return _monitor.TryApply(text, _getEnvironmentVariable, _path);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_pollInterval, _timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            CheckNow();
        }
    }

    private bool TryHash(out byte[] hash)
    {
        try
        {
            hash = SHA256.HashData(File.ReadAllBytes(_path));
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            hash = [];
            return false;
        }
    }
}
