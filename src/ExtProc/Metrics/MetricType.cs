namespace ExtProcRouter.Metrics;

/// <summary>Prometheus metric types this registry exposes (the <c># TYPE</c> line).</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
