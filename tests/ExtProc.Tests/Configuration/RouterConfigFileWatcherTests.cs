using ExtProcRouter.Configuration;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Tests.Routing.Support;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Tests.Configuration;

public sealed class RouterConfigFileWatcherTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("router-reload-").FullName;
    private readonly string _path;
    private readonly RecordingLogger<RouterConfigMonitor> _log = new();
    private readonly RouterConfigMonitor _monitor;
    private readonly RouterConfigFileWatcher _watcher;

    public RouterConfigFileWatcherTests()
    {
        _path = Path.Combine(_directory, "router.yaml");
        File.WriteAllText(_path, RoutingConfigs.Yaml);
        _monitor = new RouterConfigMonitor(RouterConfigLoader.LoadFile(_path, _ => null), _log);
        _watcher = new RouterConfigFileWatcher(_path, _monitor, _ => null, TimeProvider.System, new RecordingLogger<RouterConfigFileWatcher>());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void An_unchanged_file_is_not_reloaded()
    {
        var before = _monitor.Current;
        Assert.Null(_watcher.CheckNow());
        Assert.Same(before, _monitor.Current);
        Assert.Equal(0, _monitor.Reloads);
    }

    [Fact]
    public void A_valid_edit_is_swapped_in_and_raises_changed()
    {
        RouterConfig? announced = null;
        _monitor.Changed += config => announced = config;
        File.WriteAllText(_path, RoutingConfigs.Yaml.Replace("  - name: dev", "  - name: renamed"));

        Assert.Equal([], _watcher.CheckNow());
        Assert.True(_monitor.Current.TryFindRouter("renamed", out _));
        Assert.False(_monitor.Current.TryFindRouter("dev", out _));
        Assert.Same(_monitor.Current, announced);
        Assert.Equal(1, _monitor.Reloads);
    }

    [Fact]
    public void A_bad_edit_keeps_the_running_config_and_logs_every_error_once()
    {
        var before = _monitor.Current;
        File.WriteAllText(_path, RoutingConfigs.Yaml.Replace("models: [cheap, mid]", "models: [cheap, ghost]").Replace("fallback_models: [fb1, fb2]", "fallback_models: []"));

        var errors = _watcher.CheckNow();
        Assert.NotNull(errors);
        Assert.Contains("routers[0] 'dev' policies[0] task 'review': model 'ghost' is not declared under models", errors);
        Assert.Contains("routers[0] 'dev': fallback_models needs at least one model", errors);
        Assert.Same(before, _monitor.Current);
        Assert.Equal(1, _monitor.FailedReloads);
        var logged = Assert.Single(_log.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal));
        Assert.Contains("ghost", logged);

        // The same bad content is not reported again on the next poll; fixing the file applies it.
        Assert.Null(_watcher.CheckNow());
        File.WriteAllText(_path, RoutingConfigs.Yaml.Replace("fb1, fb2", "fb2"));
        Assert.Equal([], _watcher.CheckNow());
        Assert.True(_monitor.Current.TryFindRouter("dev", out var dev));
        Assert.Equal(["fb2"], dev.FallbackModels.Select(m => m.Slug));
    }

    [Fact]
    public void Malformed_yaml_is_refused_with_its_position()
    {
        File.WriteAllText(_path, "routers: [ {name: x");
        var errors = _watcher.CheckNow();
        Assert.NotNull(errors);
        Assert.StartsWith("line ", Assert.Single(errors));
        Assert.True(_monitor.Current.TryFindRouter("dev", out _));
    }
}
