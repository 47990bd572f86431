namespace ExtProcRouter.WellKnown;

/// <summary>Envoy dynamic-metadata namespaces. Envoy keeps metadata the sidecar returns only for namespaces listed in the
/// ext_proc filter's <c>metadata_options.receiving_namespaces</c> (envoy/envoy.yaml lists this one).</summary>
public static class MetadataNamespaces
{
    /// <summary>The routing decision (task, model, cost) for access logs and later filters.</summary>
    public const string Router = "extproc-router";
}
