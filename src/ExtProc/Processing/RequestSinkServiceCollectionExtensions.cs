using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.Processing;

/// <summary>
/// Several parts want every finished request (routing feedback, metrics, the decision log, the console's ring): each
/// registers itself as a part, and the one <see cref="IRequestMetricsSink"/> the processor sees hands each record to all
/// parts, in registration order. No part has to know about, replace or wrap another.
/// </summary>
public static class RequestSinkServiceCollectionExtensions
{
    private const string PartKey = "request-sink-part";

    /// <summary>Adds a part that receives every finished request.</summary>
    public static IServiceCollection AddRequestSinkPart(this IServiceCollection services, Func<IServiceProvider, IRequestMetricsSink> part)
    {
        services.AddKeyedSingleton<IRequestMetricsSink>(PartKey, (sp, _) => part(sp));
        return services.AddComposedRequestSink();
    }

    /// <summary>Registers the sink that fans out to the parts, unless an earlier registration (e.g. a test's) wins.</summary>
    internal static IServiceCollection AddComposedRequestSink(this IServiceCollection services)
    {
        services.TryAddSingleton<IRequestMetricsSink>(sp => sp.GetKeyedServices<IRequestMetricsSink>(PartKey).ToArray() switch
        {
            [] => new NullRequestMetricsSink(),
            [var only] => only,
            var parts => new CompositeRequestMetricsSink(parts),
        });
        return services;
    }
}
