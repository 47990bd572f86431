using ExtProcRouter.Hosting;
using ExtProcRouter.Metrics;
using ExtProcRouter.Processing;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Tests.Metrics.Support;
using ExtProcRouter.Tests.Routing.Support;
using ExtProcRouter.Translation;
using ExtProcRouter.WellKnown;
using Microsoft.Extensions.DependencyInjection;

namespace ExtProcRouter.Tests.Hosting;

public class SidecarHostTests
{
    private static RequestRecord Finished(string model, int status) => new(
        "router:coding", model, "openai", "code-review", status, Streamed: false, default(TokenUsage),
        DateTimeOffset.UnixEpoch, TimeToFirstToken: null, TimeSpan.FromMilliseconds(40), RequestOutcome.Completed, Router: "coding");

    [Fact]
    public async Task The_request_sink_feeds_routing_cooldowns_and_metrics_together()
    {
        await using var app = SidecarHost.Build(RoutingConfigs.Load());
        var sink = app.Services.GetRequiredService<IRequestMetricsSink>();

        sink.Record(Finished("mid", 503));

        Assert.False(app.Services.GetRequiredService<ModelCooldowns>().IsAvailable("mid"));
        var parsed = Exposition.Parse(app.Services.GetRequiredService<SidecarMetrics>().Registry.Expose());
        Assert.Equal(1, parsed.Value(MetricNames.Cooldowns, ("model", "mid"), ("reason", "503")));
        Assert.Equal(1, parsed.Value(MetricNames.ModelsCoolingDown));
        Assert.Equal(1, parsed.Value(MetricNames.Requests, ("status", "503"), ("outcome", "completed")));
    }

    [Fact]
    public async Task A_success_after_a_failure_ends_the_cooldown_through_the_same_sink()
    {
        await using var app = SidecarHost.Build(RoutingConfigs.Load());
        var sink = app.Services.GetRequiredService<IRequestMetricsSink>();

        sink.Record(Finished("mid", 429));
        sink.Record(Finished("mid", 200));

        Assert.True(app.Services.GetRequiredService<ModelCooldowns>().IsAvailable("mid"));
        var parsed = Exposition.Parse(app.Services.GetRequiredService<SidecarMetrics>().Registry.Expose());
        Assert.Equal(0, parsed.Value(MetricNames.ModelsCoolingDown));
    }
}
