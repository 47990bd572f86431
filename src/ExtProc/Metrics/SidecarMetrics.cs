namespace ExtProcRouter.Metrics;

/// <summary>Every metric the sidecar exposes, on one registry; a singleton in the host's container.</summary>
public sealed class SidecarMetrics
{
    public SidecarMetrics()
    {
        Registry = new MetricRegistry();
        GenAi = new GenAiMetrics(Registry);
        Router = new RouterMetrics(Registry);
        ExtProc = new ExtProcMetrics(Registry);
    }

    public MetricRegistry Registry { get; }
    public GenAiMetrics GenAi { get; }
    public RouterMetrics Router { get; }
    public ExtProcMetrics ExtProc { get; }
}
