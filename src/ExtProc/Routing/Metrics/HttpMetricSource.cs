using ExtProcRouter.Configuration;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Routing.Metrics;

/// <summary>
/// A source that GETs a JSON document, parses it into values by catalog name, maps those to configured slugs
/// (<c>model_aliases</c> first, then slugs and aliases) and swaps in a new snapshot. Any failure keeps the
/// previous snapshot and counts.
/// </summary>
public abstract class HttpMetricSource<T> : IMetricSource
{
    /// <summary>A hung endpoint must not stall the loop past its next turn.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly IRouterConfigSource _config;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private ModelValueSnapshot<T> _current = ModelValueSnapshot<T>.Empty;
    private long _failures;

    protected HttpMetricSource(HttpClient http, IRouterConfigSource config, TimeProvider timeProvider, ILogger logger)
    {
        _http = http;
        _config = config;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public abstract string Name { get; }

    public abstract TimeSpan RefreshInterval { get; }

    public long FailureCount => Interlocked.Read(ref _failures);

    /// <summary>The last good values by slug (empty until the first success).</summary>
    public ModelValueSnapshot<T> Current => Volatile.Read(ref _current);

    protected abstract Uri RequestUri { get; }

    protected abstract Dictionary<string, T> Parse(ReadOnlySpan<byte> body);

    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.GetAsync(RequestUri, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            var byCatalogName = Parse(body);
            var snapshot = new ModelValueSnapshot<T>(BySlug(byCatalogName, _config.Current), _timeProvider.GetUtcNow());
            Volatile.Write(ref _current, snapshot);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            Interlocked.Increment(ref _failures);
            // The URL may carry a token in its query string: log the host only.
            _logger.LogWarning("Metric source {Source} ({Host}) failed, keeping the last good values: {Reason}",
                Name, RequestUri.Host, exception.Message);
            return false;
        }
    }

    private static Dictionary<string, T> BySlug(Dictionary<string, T> byCatalogName, RouterConfig config)
    {
        var bySlug = new Dictionary<string, T>(StringComparer.Ordinal);
        // An explicit model_aliases entry wins over a name that merely equals a slug or alias.
        foreach (var (catalogName, target) in config.Routing.ModelAliases)
        {
            if (byCatalogName.TryGetValue(catalogName, out var value) && config.TryFindModel(target, out var model))
                bySlug[model.Slug] = value;
        }
        foreach (var (catalogName, value) in byCatalogName)
        {
            if (config.TryFindCatalogModel(catalogName, out var model)) bySlug.TryAdd(model.Slug, value);
        }
        return bySlug;
    }
}
