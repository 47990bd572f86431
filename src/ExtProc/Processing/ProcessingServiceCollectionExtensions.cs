using ExtProcRouter.Configuration;
using ExtProcRouter.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.Processing;

/// <summary>Registers the ext_proc service and what it needs; hosts add the gRPC transport on top.</summary>
public static class ProcessingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IExternalProcessorService"/> for <paramref name="config"/>. Registrations made before this call
    /// win for <see cref="TimeProvider"/>, <see cref="IModelSelector"/>, <see cref="ITranslatorFactory"/> and
    /// <see cref="IRequestMetricsSink"/>, so the router, metrics and tests can plug in their own.
    /// </summary>
    public static IServiceCollection AddExtProcProcessing(this IServiceCollection services, RouterConfig config)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(config);
        services.TryAddSingleton<IModelSelector>(sp => new StaticModelSelector(sp.GetRequiredService<RouterConfig>()));
        services.TryAddSingleton<ITranslatorFactory>(sp => new LibraryTranslatorFactory(sp.GetRequiredService<TimeProvider>()));
        services.AddComposedRequestSink();
        services.TryAddSingleton<IRequestProcessorFactory, LlmRequestProcessorFactory>();
        services.TryAddSingleton<IExternalProcessorService, ExternalProcessorService>();
        return services;
    }
}
