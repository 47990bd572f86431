using ExtProcRouter.Routing.Availability;
using ExtProcRouter.WellKnown;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.Routing.Affinity;

public static class AffinityServiceCollectionExtensions
{
    /// <summary>
    /// Session pinning: pins in memory, or in Redis when <see cref="EnvironmentVariableNames.AffinityRedis"/> names
    /// a server (several replicas). Call after AddModelRouting so pins honour its cooldowns.
    /// </summary>
    public static IServiceCollection AddSessionAffinity(this IServiceCollection services, AffinityOptions? options = null)
    {
        options ??= AffinityOptions.Default;
        var redis = Environment.GetEnvironmentVariable(EnvironmentVariableNames.AffinityRedis);
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IAffinityStore>(sp => new MemoryAffinityStore(options, sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton(_ => RespConnection.Parse(redis.Trim()));
            services.AddSingleton<IAffinityStore>(sp =>
                new RedisAffinityStore(sp.GetRequiredService<RespConnection>(), options, sp.GetRequiredService<TimeProvider>()));
        }
        // Only when routing is not registered (tests, tools): without cooldown tracking every model is available.
        services.TryAddSingleton<IModelAvailability>(AlwaysAvailable.Instance);
        services.AddSingleton<SessionAffinity>();
        return services;
    }
}

/// <summary>Availability when no cooldown tracking is registered.</summary>
internal sealed class AlwaysAvailable : IModelAvailability
{
    public static AlwaysAvailable Instance { get; } = new();

    public bool IsAvailable(string slug) => true;
}
