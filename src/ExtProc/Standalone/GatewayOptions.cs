namespace ExtProcRouter.Standalone;

/// <summary>
/// The front door's settings, mirroring the parts of envoy.yaml it emulates: the ext_proc filter settings, the
/// routes (header value -> cluster) and the clusters' addresses.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>Envoy's <c>message_timeout</c>: how long to wait for each processor reply.</summary>
    public TimeSpan MessageTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Envoy's <c>failure_mode_allow</c>: on a processor failure, continue without it (true) or fail the request.</summary>
    public bool FailureModeAllow { get; set; }

    /// <summary>Envoy's buffer limit for a BUFFERED body; larger bodies get 413 before the processor sees them.</summary>
    public long MaxBufferedBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The header whose value selects the cluster (envoy.yaml routes match it exactly).</summary>
    public string RouteHeader { get; set; } = WellKnown.HeaderNames.UpstreamCluster;

    /// <summary>Cluster name -> base address, e.g. <c>openai</c> -> <c>https://api.openai.com</c>.</summary>
    public Dictionary<string, Uri> Clusters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Paths on which the filter is disabled per route (Envoy's ExtProcPerRoute.disabled), answered locally.</summary>
    public HashSet<string> FilterDisabledPaths { get; set; } = new(StringComparer.Ordinal) { "/healthz" };

    /// <summary>Upstream request timeout (Envoy's route timeout).</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(300);
}
