using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Processing;
using ExtProcRouter.WellKnown;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ExtProcRouter.Grpc;

public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps ExternalProcessor/Process (to the registered <see cref="IExternalProcessorService"/>), Health/Check, and a
    /// last-resort endpoint answering UNIMPLEMENTED to gRPC calls of any other method. Requires
    /// <see cref="GrpcServiceCollectionExtensions.AddGrpcServer"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapGrpcServices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map(GrpcMethodPaths.ExternalProcessorProcess, static context =>
        {
            var services = context.RequestServices;
            var processor = services.GetRequiredService<IExternalProcessorService>();
            return services.GetRequiredService<GrpcCallHandler>()
                .HandleDuplexAsync<ProcessingRequest, ProcessingResponse>(context, ProcessingRequest.Parser, processor.ProcessAsync);
        });

        endpoints.Map(GrpcMethodPaths.HealthCheck, static context =>
        {
            var services = context.RequestServices;
            var health = services.GetRequiredService<GrpcHealthService>();
            return services.GetRequiredService<GrpcCallHandler>()
                .HandleUnaryAsync<HealthCheckRequest, HealthCheckResponse>(context, HealthCheckRequest.Parser, health.CheckAsync);
        });

        // Lowest priority, so that any other route of the application wins.
        endpoints.Map("/{service}/{method}", static context =>
                context.RequestServices.GetRequiredService<GrpcCallHandler>().HandleUnknownMethodAsync(context))
            .WithOrder(int.MaxValue);
        return endpoints;
    }
}
