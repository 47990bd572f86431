namespace ExtProcRouter.WellKnown;

/// <summary>Every HTTP header name the router reads or writes, lower-case as Envoy delivers them.</summary>
public static class HeaderNames
{
    // Pseudo-headers and standard headers.
    public const string Path = ":path";
    public const string Method = ":method";
    public const string Status = ":status";
    public const string Authority = ":authority";
    public const string ContentType = "content-type";
    public const string ContentLength = "content-length";
    public const string ContentEncoding = "content-encoding";
    public const string AcceptEncoding = "accept-encoding";
    public const string Authorization = "authorization";
    public const string Allow = "allow";
    public const string ReferrerPolicy = "referrer-policy";

    /// <summary>Set by the sidecar, matched by envoy.yaml's routes to pick the provider's cluster.</summary>
    public const string UpstreamCluster = "x-model-router-cluster";

    /// <summary>The task that matched a <c>router:</c> request, or <c>fallback</c>.</summary>
    public const string SelectedRoute = "x-model-router-selected-route";

    /// <summary>The slug of the model that served the request.</summary>
    public const string ServedModel = "x-model-router-model";

    /// <summary>Estimated cost of a non-streamed response in USD, from its usage and the model's prices.</summary>
    public const string CostUsd = "x-model-router-cost-usd";

    /// <summary>Session pinning id, echoed back on the response.</summary>
    public const string ModelAffinity = "x-model-affinity";

    /// <summary>Set to <c>true</c> when the pinned model was unavailable and the session was pinned to a new one.</summary>
    public const string ModelAffinityRepinned = "x-model-affinity-repinned";

    // Provider authentication and versioning.
    public const string AnthropicApiKey = "x-api-key";
    public const string AnthropicVersion = "anthropic-version";
    public const string GoogleApiKey = "x-goog-api-key";
}
