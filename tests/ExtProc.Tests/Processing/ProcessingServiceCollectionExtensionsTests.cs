using ExtProcRouter.Processing;
using ExtProcRouter.Tests.Processing.Support;
using Microsoft.Extensions.DependencyInjection;
using static ExtProcRouter.Tests.Processing.Support.Messages;

namespace ExtProcRouter.Tests.Processing;

public class ProcessingServiceCollectionExtensionsTests
{
    [Fact]
    public async Task The_registered_service_routes_a_request_and_keeps_earlier_registrations()
    {
        var sink = new RecordingMetricsSink();
        var services = new ServiceCollection().AddLogging().AddSingleton<IRequestMetricsSink>(sink);
        using var provider = services.AddExtProcProcessing(TestConfigs.Load()).BuildServiceProvider();
        var service = provider.GetRequiredService<IExternalProcessorService>();
        var writer = new RecordingResponseWriter();

        await service.ProcessAsync(new ScriptedRequestReader([RequestHeaders(), RequestBody("""{"model":"sim","messages":[]}""")]),
            writer, CancellationToken.None);

        Assert.Equal("simulated", writer.Responses[1].RequestBody.Response.HeaderMutation.SetHeaders
            .Single(h => h.Header.Key == "x-model-router-cluster").Header.RawValue.ToStringUtf8());
        Assert.Equal("sim", sink.Records.Single().ServedModel);
    }
}
