using ExtProcRouter.Configuration;

namespace ExtProcRouter.Admin;

/// <summary>
/// Makes API-created routers live: swaps in a configuration whose routers are the file's plus the API's, and
/// re-merges whenever the file is reloaded (a file reload alone would drop them). File routers win a name clash;
/// the control plane refuses such names, so a clash only arises if the file gains the name later.
/// </summary>
public sealed class ApiRoutersPublisher : IRouterSetPublisher, IDisposable
{
    private readonly RouterConfigMonitor _monitor;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private IReadOnlyList<StoredRouter> _apiRouters = [];
    private RouterConfig _fileConfig;
    private RouterConfig? _lastMerged;

    public ApiRoutersPublisher(RouterConfigMonitor monitor, ILogger<ApiRoutersPublisher> logger)
    {
        _monitor = monitor;
        _logger = logger;
        _fileConfig = monitor.Current;
        monitor.Changed += OnChanged;
    }

    /// <summary>Names of the routers that come from the config file (the API may not take them).</summary>
    public IReadOnlySet<string> FileRouterNames
    {
        get
        {
            lock (_lock) return _fileConfig.Routers.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        }
    }

    public void Publish(IReadOnlyList<StoredRouter> routers)
    {
        lock (_lock)
        {
            _apiRouters = routers;
            ApplyMerged();
        }
    }

    private void OnChanged(RouterConfig config)
    {
        // Our own swap raises Changed too; only a configuration from the file needs the API routers added back.
        if (ReferenceEquals(config, Volatile.Read(ref _lastMerged))) return;
        lock (_lock)
        {
            _fileConfig = config;
            ApplyMerged();
        }
    }

    private void ApplyMerged()
    {
        var file = _fileConfig;
        var routers = new List<RouterDefinition>(file.Routers);
        var taken = file.Routers.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stored in _apiRouters)
        {
            if (!taken.Add(stored.Name))
            {
                _logger.LogWarning("Router {Router} from the control plane is shadowed by the config file's router of that name", stored.Name);
                continue;
            }
            if (TryBuild(stored, file, out var router)) routers.Add(router);
        }
        var merged = new RouterConfig(file.Server, file.Limits, file.Providers, file.Models, file.LlmPaths, routers, file.Routing);
        Volatile.Write(ref _lastMerged, merged);
        _monitor.Apply(merged);
    }

    private bool TryBuild(StoredRouter stored, RouterConfig config, out RouterDefinition router)
    {
        router = null!;
        var policies = new List<RouterPolicy>();
        foreach (var policy in stored.Config.Policies)
        {
            if (!TryResolve(policy.Models ?? [], config, stored.Name, out var pool)) return false;
            SelectionPreferenceNames.TryParse(policy.SelectionPolicy?.Prefer, out var preference);
            policies.Add(new RouterPolicy(policy.CustomTask!.Name!, policy.CustomTask.Description!, false, pool, preference));
        }
        if (!TryResolve(stored.Config.FallbackModels, config, stored.Name, out var fallback)) return false;
        router = new RouterDefinition(stored.Name, stored.Description, null, policies, fallback);
        return true;
    }

    private bool TryResolve(IReadOnlyList<string> names, RouterConfig config, string router, out ModelConfig[] models)
    {
        models = new ModelConfig[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (config.TryFindModel(names[i], out models[i])) continue;
            // The file may have dropped a model since the router was created: leave the router out, loudly.
            _logger.LogError("Router {Router} from the control plane names model {Model}, which the configuration no longer declares; router not served",
                router, names[i]);
            return false;
        }
        return true;
    }

    public void Dispose() => _monitor.Changed -= OnChanged;
}
