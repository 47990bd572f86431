using ExtProcRouter.WellKnown;

namespace ExtProcRouter.Metrics;

/// <summary>ext_proc transport: streams opened and open, messages by phase, immediate responses by HTTP status.</summary>
public sealed class ExtProcMetrics
{
    private readonly Counter _streams;
    private readonly Gauge _active;
    private readonly Counter _messages;
    private readonly Counter _immediate;

    public ExtProcMetrics(MetricRegistry registry)
    {
        _streams = registry.Counter(MetricNames.Streams, "ext_proc gRPC streams opened (one per HTTP request through Envoy)");
        _active = registry.Gauge(MetricNames.ActiveStreams, "ext_proc gRPC streams open now");
        _messages = registry.Counter(MetricNames.Messages, "ext_proc messages received, by phase", MetricLabels.Phase);
        _immediate = registry.Counter(MetricNames.ImmediateResponses, "Local replies sent instead of forwarding (errors), by HTTP status", MetricLabels.Status);
    }

    public void StreamOpened()
    {
        _streams.Increment();
        _active.Add(1);
    }

    public void StreamClosed() => _active.Add(-1);

    public void MessageReceived(string phase) => _messages.Increment(phase);

    public void ImmediateResponse(int status) => _immediate.Increment(RouterMetrics.StatusLabel(status));

    public double Streams => _streams.Value();
    public double ActiveStreams => _active.Value();
    public double Messages(string phase) => _messages.Value(phase);
    public double ImmediateResponses(int status) => _immediate.Value(RouterMetrics.StatusLabel(status));
}
