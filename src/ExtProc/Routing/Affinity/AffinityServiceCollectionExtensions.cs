using ExtProcRouter.WellKnown;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.Routing.Affinity;

public static class AffinityServiceCollectionExtensions
{
    /// <summary>
    /// Session pinning: pins in memory, or in Redis when <see cref="EnvironmentVariableNames.AffinityRedis"/> names
    /// a server (several replicas). Register an <see cref="IModelAvailability"/> before this to honour cooldowns.
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
        services.TryAddSingleton<IModelAvailability>(AlwaysAvailable.Instance);
        services.AddSingleton<SessionAffinity>();
        return services;
    }
}
