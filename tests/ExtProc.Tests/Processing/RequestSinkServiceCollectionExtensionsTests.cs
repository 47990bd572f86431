using ExtProcRouter.Processing;
using ExtProcRouter.Tests.Processing.Support;
using ExtProcRouter.Translation;
using Microsoft.Extensions.DependencyInjection;

namespace ExtProcRouter.Tests.Processing;

public class RequestSinkServiceCollectionExtensionsTests
{
    private static readonly RequestRecord Record = new("m", "m", "p", null, 200, false, default(TokenUsage), DateTimeOffset.UnixEpoch,
        null, TimeSpan.FromMilliseconds(1), RequestOutcome.Completed);

    [Fact]
    public void Every_part_receives_every_record_whichever_registered_first()
    {
        var (first, second) = (new RecordingMetricsSink(), new RecordingMetricsSink());
        using var provider = new ServiceCollection()
            .AddRequestSinkPart(_ => first)
            .AddExtProcProcessing(TestConfigs.Load())
            .AddRequestSinkPart(_ => second)
            .AddLogging()
            .BuildServiceProvider();

        provider.GetRequiredService<IRequestMetricsSink>().Record(Record);

        Assert.Equal([Record], first.Records);
        Assert.Equal([Record], second.Records);
    }

    [Fact]
    public void Without_parts_records_go_nowhere_and_an_earlier_explicit_sink_wins()
    {
        using var empty = new ServiceCollection().AddExtProcProcessing(TestConfigs.Load()).BuildServiceProvider();
        Assert.IsType<NullRequestMetricsSink>(empty.GetRequiredService<IRequestMetricsSink>());

        var explicitSink = new RecordingMetricsSink();
        var part = new RecordingMetricsSink();
        using var provider = new ServiceCollection().AddSingleton<IRequestMetricsSink>(explicitSink)
            .AddRequestSinkPart(_ => part).BuildServiceProvider();
        provider.GetRequiredService<IRequestMetricsSink>().Record(Record);
        Assert.Single(explicitSink.Records);
        Assert.Empty(part.Records);
    }
}
