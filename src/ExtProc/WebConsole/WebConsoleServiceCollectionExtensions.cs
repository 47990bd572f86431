using ExtProcRouter.Metrics;
using ExtProcRouter.Processing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.WebConsole;

public static class WebConsoleServiceCollectionExtensions
{
    /// <summary>
    /// Registers the console's services and adds its <see cref="DecisionRecordRing"/> to the request sink already
    /// registered (metrics, decision log), so the ring sees every request whether or not the decision log is on.
    /// Call after AddSidecarMetrics.
    /// </summary>
    public static IServiceCollection AddWebConsole(this IServiceCollection services, int ringCapacity = DecisionRecordRing.DefaultCapacity)
    {
        services.TryAddSingleton(new DecisionRecordRing(ringCapacity));
        services.TryAddSingleton(_ => ConsoleAssets.Load());
        services.TryAddSingleton<RouteDryRun>();
        services.AddHttpClient();
        services.TryAddSingleton<PlaygroundSender>();

        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IRequestMetricsSink));
        services.Replace(ServiceDescriptor.Singleton<IRequestMetricsSink>(sp =>
        {
            var ring = sp.GetRequiredService<DecisionRecordRing>();
            return existing is null ? ring : new CompositeRequestMetricsSink([Resolve(existing, sp), ring]);
        }));
        return services;
    }

    private static IRequestMetricsSink Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        (IRequestMetricsSink)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
