using ExtProcRouter.Processing;

namespace ExtProcRouter.Tests.Processing.Support;

internal sealed class RecordingMetricsSink : IRequestMetricsSink
{
    public List<RequestRecord> Records { get; } = [];

    public void Record(RequestRecord record) => Records.Add(record);
}
