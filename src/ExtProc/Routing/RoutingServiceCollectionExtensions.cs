using ExtProcRouter.IntentModel.Moe;
using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Remote;
using ExtProcRouter.Configuration;
using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Keyword;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Routing.Metrics;
using ExtProcRouter.Routing.Routers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Routing;

/// <summary>Registers routers: live config (hot reload), classifiers, metric sources, cooldowns and the model selector.</summary>
public static class RoutingServiceCollectionExtensions
{
    /// <param name="configPath">router.yaml to watch for changes; null = no hot reload.</param>
    public static IServiceCollection AddModelRouting(this IServiceCollection services, RouterConfig config, string? configPath = null,
        Func<string, string?>? getEnvironmentVariable = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RouterConfigMonitor(config, sp.GetRequiredService<ILogger<RouterConfigMonitor>>()));
        services.TryAddSingleton<IRouterConfigSource>(sp => sp.GetRequiredService<RouterConfigMonitor>());
        if (configPath is not null)
        {
            services.AddHostedService(sp => new RouterConfigFileWatcher(configPath, sp.GetRequiredService<RouterConfigMonitor>(),
                getEnvironmentVariable ?? Environment.GetEnvironmentVariable, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RouterConfigFileWatcher>>()));
        }

        // The baseline is always there so that a configured but missing classifier can fall back to it.
        services.TryAddKeyedSingleton<IIntentClassifier>(IntentModelConfig.Keyword,
            (sp, _) => new Bm25KeywordClassifier(timeProvider: sp.GetRequiredService<TimeProvider>()));
        // The ONNX mixture-of-experts model loads on first use (or at start when it is the configured classifier).
        services.TryAddSingleton(sp => new OnnxRuntimeEnvironment(logger: sp.GetRequiredService<ILogger<OnnxRuntimeEnvironment>>()));
        // Load converts the encoder first when it is missing or older than its source.
        services.TryAddSingleton<ConversationCacheRegistry>();
        var cacheEntries = config.Routing.IntentModel.ConversationCacheEntries;
        foreach (var (name, files) in new[]
                 {
                     (IntentModelConfig.Onnx, MoeModelFiles.Default),
                     (IntentModelConfig.OnnxFineTuned, MoeModelFiles.FineTuned),
                     (IntentModelConfig.OnnxFineTunedInt8, MoeModelFiles.FineTunedInt8),
                 })
        {
            services.TryAddKeyedSingleton<IIntentClassifier>(name, (sp, _) =>
            {
                var classifier = OnnxMoeClassifier.Load(sp.GetRequiredService<OnnxRuntimeEnvironment>(), files, conversationCacheCapacity: cacheEntries, name: name);
                if (classifier.ConversationCache is { } cache) sp.GetRequiredService<ConversationCacheRegistry>().Add(name, cache);
                return classifier;
            });
        }
        if (config.Routing.IntentModel.RemoteModel is { } remote)
        {
            // Read at start, like the metric sources: the endpoint does not follow hot reloads.
            services.TryAddKeyedSingleton<IIntentClassifier>(IntentModelConfig.Remote, (sp, _) => new RemoteRouteClassifier(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(RemoteRouteClassifier)), remote.ToOptions(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RemoteRouteClassifier>>()));
        }
        services.TryAddSingleton<IIntentClassifierProvider, KeyedIntentClassifierProvider>();

        var sources = config.Routing.MetricSources;
        services.AddHttpClient();
        if (sources.PriceCatalog is { } catalog)
        {
            services.TryAddSingleton(sp => new PriceCatalogSource(catalog, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PriceCatalogSource)),
                sp.GetRequiredService<IRouterConfigSource>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PriceCatalogSource>>()));
            services.AddSingleton<IMetricSource>(sp => sp.GetRequiredService<PriceCatalogSource>());
        }
        if (sources.Prometheus is { } prometheus)
        {
            services.TryAddSingleton(sp => new PrometheusLatencySource(prometheus, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PrometheusLatencySource)),
                sp.GetRequiredService<IRouterConfigSource>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PrometheusLatencySource>>()));
            services.AddSingleton<IMetricSource>(sp => sp.GetRequiredService<PrometheusLatencySource>());
        }
        if (sources.PriceCatalog is not null || sources.Prometheus is not null) services.AddHostedService<MetricSourceRefresher>();
        services.TryAddSingleton(new MeasuredTtftTracker(sources.MeasuredTtft?.Smoothing ?? MeasuredTtftConfig.DefaultSmoothing));
        services.TryAddSingleton<IModelMetrics>(sp => new LiveModelMetrics(
            sp.GetService<PriceCatalogSource>(),
            sp.GetService<PrometheusLatencySource>(),
            sources.MeasuredTtft is null ? null : sp.GetRequiredService<MeasuredTtftTracker>()));

        services.TryAddSingleton<ModelCooldowns>();
        services.TryAddSingleton<IModelAvailability>(sp => sp.GetRequiredService<ModelCooldowns>());
        services.TryAddSingleton(sp => new RoutingFeedbackSink(sp.GetRequiredService<ModelCooldowns>(), sp.GetRequiredService<MeasuredTtftTracker>()));
        services.AddRequestSinkPart(sp => sp.GetRequiredService<RoutingFeedbackSink>());
        services.TryAddSingleton(sp => new RoutingHealth(sp.GetServices<IMetricSource>(), sp.GetRequiredService<RouterConfigMonitor>(),
            sp.GetRequiredService<ModelCooldowns>(), sp.GetRequiredService<ConversationCacheRegistry>()));

        services.TryAddSingleton<RouterModelSelector>();
        services.TryAddSingleton<IModelSelector>(sp => new LiveModelSelector(
            sp.GetRequiredService<IRouterConfigSource>(), sp.GetRequiredService<RouterModelSelector>()));
        return services;
    }
}
