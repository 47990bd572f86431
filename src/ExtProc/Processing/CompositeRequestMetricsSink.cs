namespace ExtProcRouter.Processing;

/// <summary>Hands each record to several sinks (routing feedback, metrics, decision log, console); one failing sink does not starve the others.</summary>
public sealed class CompositeRequestMetricsSink(IReadOnlyList<IRequestMetricsSink> sinks) : IRequestMetricsSink
{
    public RequestCapture Capture { get; } = sinks.Aggregate(RequestCapture.None, (all, sink) => all | sink.Capture);

    public void Record(RequestRecord record)
    {
        List<Exception>? failures = null;
        foreach (var sink in sinks)
        {
            try
            {
                sink.Record(record);
            }
            catch (Exception exception)
            {
                (failures ??= []).Add(exception);
            }
        }
        if (failures is not null) throw new AggregateException("a request metrics sink failed", failures);
    }
}
