using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ExtProcRouter.Grpc;

public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gRPC server layer. The application registers its <see cref="Processing.IExternalProcessorService"/>;
    /// <see cref="HealthStatusRegistry"/> is the default <see cref="IHealthStatusProvider"/> unless another is registered.
    /// </summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        var options = services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
            options.Configure(configure);
        options.Validate(o => o.MaxReceiveMessageBytes > 0, "GrpcServerOptions.MaxReceiveMessageBytes must be positive.");

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HealthStatusRegistry>();
        services.TryAddSingleton<IHealthStatusProvider>(sp => sp.GetRequiredService<HealthStatusRegistry>());
        services.TryAddSingleton<GrpcHealthService>();
        services.TryAddSingleton<GrpcCallHandler>();
        return services;
    }
}
