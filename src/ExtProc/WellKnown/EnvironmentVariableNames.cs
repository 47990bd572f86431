namespace ExtProcRouter.WellKnown;

/// <summary>Environment variables the sidecar reads secrets from (secrets never live in the YAML file).</summary>
public static class EnvironmentVariableNames
{
    /// <summary>Comma-separated inference access keys; unset or empty leaves the router open.</summary>
    public const string AccessKeys = "EXTPROC_ACCESS_KEYS";

    /// <summary>The control-plane admin token; unset refuses every control-plane call.</summary>
    public const string AdminToken = "EXTPROC_ADMIN_TOKEN";

    /// <summary>SQLite file holding routers created through the control plane.</summary>
    public const string ControlPlaneDatabase = "EXTPROC_CONTROL_PLANE_DB";

    /// <summary>Redis address (<c>host:port</c> or <c>unix:/path</c>) for session pins shared by replicas; unset keeps them in memory.</summary>
    public const string AffinityRedis = "EXTPROC_AFFINITY_REDIS";

    /// <summary>The inference access key client tools (<c>compare</c>) send to the front door; unset sends none.</summary>
    public const string ClientAccessKey = "EXTPROC_ACCESS_KEY";
}
