namespace ExtProcRouter.Processing;

/// <summary>How an LLM request's stream ended.</summary>
public enum RequestOutcome
{
    /// <summary>The response body (or headers-only response) reached its end.</summary>
    Completed,
    /// <summary>The sidecar answered with a local error reply (bad input, unknown model, internal failure).</summary>
    Rejected,
    /// <summary>The stream ended before the response did: client gone, Envoy reset, or a processing mode without response body.</summary>
    Incomplete,
}
