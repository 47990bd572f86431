namespace ExtProcRouter.Processing;

/// <summary>The fields of a client request the sidecar needs before choosing a model.</summary>
/// <param name="Model">The top-level <c>model</c> string, or null when absent or not a string.</param>
/// <param name="Stream">The top-level <c>stream</c> flag.</param>
public readonly record struct RequestBodySummary(string? Model, bool Stream);
