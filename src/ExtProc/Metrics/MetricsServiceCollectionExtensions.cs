using ExtProcRouter.DecisionLog;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing;
using ExtProcRouter.Routing.Availability;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SidecarMetrics"/> (and its <see cref="RouterMetrics"/>, <see cref="ExtProcMetrics"/>,
    /// <see cref="GenAiMetrics"/> for injection; routing health when routing is registered), makes the request sink
    /// record metrics next to routing's feedback sink (and the decision log when <paramref name="decisionLog"/> is
    /// given), and wraps the ext_proc service to count streams and messages.
    /// Replaces earlier registrations of <see cref="IRequestMetricsSink"/> and <see cref="IExternalProcessorService"/>;
    /// call it after AddExtProcProcessing and AddModelRouting, and before test overrides.
    /// </summary>
    public static IServiceCollection AddSidecarMetrics(this IServiceCollection services, DecisionLogOptions? decisionLog = null)
    {
        services.TryAddSingleton(sp => new SidecarMetrics(sp.GetService<RoutingHealth>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<SidecarMetrics>().Router);
        services.TryAddSingleton(sp => sp.GetRequiredService<SidecarMetrics>().ExtProc);
        services.TryAddSingleton(sp => sp.GetRequiredService<SidecarMetrics>().GenAi);
        if (decisionLog is not null) services.TryAddSingleton(_ => DecisionLogWriter.Open(decisionLog));

        services.Replace(ServiceDescriptor.Singleton<IRequestMetricsSink>(sp =>
        {
            // Routing's feedback (cooldowns, measured latency) must keep receiving records next to the metrics.
            List<IRequestMetricsSink> sinks = [];
            if (sp.GetService<RoutingFeedbackSink>() is { } routingFeedback) sinks.Add(routingFeedback);
            sinks.Add(new RequestMetricsRecorder(sp.GetRequiredService<SidecarMetrics>()));
            if (decisionLog is not null) sinks.Add(sp.GetRequiredService<DecisionLogWriter>());
            return sinks.Count == 1 ? sinks[0] : new CompositeRequestMetricsSink(sinks);
        }));

        services.TryAddSingleton<ExternalProcessorService>();
        services.Replace(ServiceDescriptor.Singleton<IExternalProcessorService>(sp =>
            new MeteredExternalProcessorService(sp.GetRequiredService<ExternalProcessorService>(), sp.GetRequiredService<ExtProcMetrics>())));
        return services;
    }
}
