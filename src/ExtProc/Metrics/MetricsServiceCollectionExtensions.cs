using ExtProcRouter.DecisionLog;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SidecarMetrics"/> (and its <see cref="RouterMetrics"/>, <see cref="ExtProcMetrics"/>,
    /// <see cref="GenAiMetrics"/> for injection; routing health when routing is registered), adds the metrics recorder
    /// (and the decision log when <paramref name="decisionLog"/> is given) as request-sink parts next to routing's
    /// feedback, and wraps the ext_proc service to count streams and messages.
    /// Replaces an earlier registration of <see cref="IExternalProcessorService"/>; call it before test overrides.
    /// </summary>
    public static IServiceCollection AddSidecarMetrics(this IServiceCollection services, DecisionLogOptions? decisionLog = null)
    {
        services.TryAddSingleton(sp => new SidecarMetrics(sp.GetService<RoutingHealth>()));
        services.TryAddSingleton(sp => sp.GetRequiredService<SidecarMetrics>().Router);
        services.TryAddSingleton(sp => sp.GetRequiredService<SidecarMetrics>().ExtProc);
        services.TryAddSingleton(sp => sp.GetRequiredService<SidecarMetrics>().GenAi);
        if (decisionLog is not null) services.TryAddSingleton(_ => DecisionLogWriter.Open(decisionLog));

        services.AddRequestSinkPart(sp => new RequestMetricsRecorder(sp.GetRequiredService<SidecarMetrics>()));
        if (decisionLog is not null) services.AddRequestSinkPart(sp => sp.GetRequiredService<DecisionLogWriter>());

        services.TryAddSingleton<ExternalProcessorService>();
        services.Replace(ServiceDescriptor.Singleton<IExternalProcessorService>(sp =>
            new MeteredExternalProcessorService(sp.GetRequiredService<ExternalProcessorService>(), sp.GetRequiredService<ExtProcMetrics>())));
        return services;
    }
}
