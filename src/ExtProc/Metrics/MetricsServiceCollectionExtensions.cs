using ExtProcRouter.DecisionLog;
using ExtProcRouter.Processing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SidecarMetrics"/> (and its <see cref="RouterMetrics"/>, <see cref="ExtProcMetrics"/>,
    /// <see cref="GenAiMetrics"/> for injection), makes the request sink record metrics (and the decision log when
    /// <paramref name="decisionLog"/> is given), and wraps the ext_proc service to count streams and messages.
    /// Replaces earlier registrations of <see cref="IRequestMetricsSink"/> and <see cref="IExternalProcessorService"/>;
    /// call it after AddExtProcProcessing and before test overrides.
    /// </summary>
    public static IServiceCollection AddSidecarMetrics(this IServiceCollection services, DecisionLogOptions? decisionLog = null)
    {
        services.TryAddSingleton<SidecarMetrics>();
        services.TryAddSingleton(sp => sp.GetRequiredService<SidecarMetrics>().Router);
        services.TryAddSingleton(sp => sp.GetRequiredService<SidecarMetrics>().ExtProc);
        services.TryAddSingleton(sp => sp.GetRequiredService<SidecarMetrics>().GenAi);
        if (decisionLog is not null) services.TryAddSingleton(_ => DecisionLogWriter.Open(decisionLog));

        services.Replace(ServiceDescriptor.Singleton<IRequestMetricsSink>(sp =>
        {
            var recorder = new RequestMetricsRecorder(sp.GetRequiredService<SidecarMetrics>());
            return decisionLog is null
                ? recorder
                : new CompositeRequestMetricsSink([recorder, sp.GetRequiredService<DecisionLogWriter>()]);
        }));

        services.TryAddSingleton<ExternalProcessorService>();
        services.Replace(ServiceDescriptor.Singleton<IExternalProcessorService>(sp =>
            new MeteredExternalProcessorService(sp.GetRequiredService<ExternalProcessorService>(), sp.GetRequiredService<ExtProcMetrics>())));
        return services;
    }
}
