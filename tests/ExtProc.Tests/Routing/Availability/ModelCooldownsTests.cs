using ExtProcRouter.Configuration;
using ExtProcRouter.Routing.Availability;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Tests.Routing.Support;

namespace ExtProcRouter.Tests.Routing.Availability;

public class ModelCooldownsTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly ModelCooldowns _cooldowns;

    public ModelCooldownsTests() =>
        _cooldowns = new ModelCooldowns(new StaticRouterConfigSource(RoutingConfigs.Load()), _time); // cooldown 10s, max 40s

    [Fact]
    public void A_failure_cools_the_model_down_for_the_configured_time()
    {
        Assert.True(_cooldowns.IsAvailable("cheap"));
        _cooldowns.ReportFailure("cheap");
        Assert.False(_cooldowns.IsAvailable("cheap"));
        Assert.True(_cooldowns.IsAvailable("mid"));
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(_cooldowns.IsAvailable("cheap"));
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(_cooldowns.IsAvailable("cheap"));
    }

    [Fact]
    public void Repeated_failures_double_the_cooldown_up_to_the_cap()
    {
        var expected = new[] { 10, 20, 40, 40 };
        foreach (var seconds in expected)
        {
            _cooldowns.ReportFailure("cheap");
            Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(seconds), _cooldowns.StateOf("cheap")!.Until);
            _time.Advance(TimeSpan.FromSeconds(seconds));
            Assert.True(_cooldowns.IsAvailable("cheap"));
        }
        Assert.Equal(4, _cooldowns.StateOf("cheap")!.ConsecutiveFailures);
        Assert.Equal(4, _cooldowns.FailuresReported);
    }

    [Fact]
    public void A_success_clears_the_cooldown_and_the_failure_count()
    {
        _cooldowns.ReportFailure("cheap");
        _cooldowns.ReportFailure("cheap");
        _cooldowns.ReportSuccess("cheap");
        Assert.True(_cooldowns.IsAvailable("cheap"));
        Assert.Null(_cooldowns.StateOf("cheap"));
        _cooldowns.ReportFailure("cheap");
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(10), _cooldowns.StateOf("cheap")!.Until);
    }

    [Theory]
    [InlineData(429, true, false)]
    [InlineData(500, true, false)]
    [InlineData(503, true, false)]
    [InlineData(200, false, true)]
    [InlineData(400, false, false)]
    [InlineData(404, false, false)]
    public void Statuses_count_as_failure_success_or_neither(int status, bool failure, bool success)
    {
        Assert.Equal(failure, UpstreamStatus.IsFailure(status));
        Assert.Equal(success, UpstreamStatus.IsSuccess(status));
    }
}
