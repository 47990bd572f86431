using ExtProcRouter.Routing;

namespace ExtProcRouter.Metrics;

/// <summary>Every metric the sidecar exposes, on one registry; a singleton in the host's container.</summary>
public sealed class SidecarMetrics
{
    /// <param name="routingHealth">Where the routing families read their values; null in hosts without routing.</param>
    public SidecarMetrics(RoutingHealth? routingHealth = null)
    {
        Registry = new MetricRegistry();
        GenAi = new GenAiMetrics(Registry);
        Router = new RouterMetrics(Registry, routingHealth);
        ExtProc = new ExtProcMetrics(Registry);
    }

    public MetricRegistry Registry { get; }
    public GenAiMetrics GenAi { get; }
    public RouterMetrics Router { get; }
    public ExtProcMetrics ExtProc { get; }
}
