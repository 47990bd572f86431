using ExtProcRouter.Processing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.WebConsole;

public static class WebConsoleServiceCollectionExtensions
{
    /// <summary>
    /// Registers the console's services and adds its <see cref="DecisionRecordRing"/> as a request-sink part, so the
    /// ring sees every request whether or not the decision log is on.
    /// </summary>
    public static IServiceCollection AddWebConsole(this IServiceCollection services, int ringCapacity = DecisionRecordRing.DefaultCapacity)
    {
        services.TryAddSingleton(new DecisionRecordRing(ringCapacity));
        services.TryAddSingleton(_ => ConsoleAssets.Load());
        services.TryAddSingleton<RouteDryRun>();
        services.AddHttpClient();
        services.TryAddSingleton<PlaygroundSender>();

        services.AddRequestSinkPart(sp => sp.GetRequiredService<DecisionRecordRing>());
        return services;
    }
}
