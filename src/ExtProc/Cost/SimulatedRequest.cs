namespace ExtProcRouter.Cost;

/// <summary>One request of a cost simulation: the model the router chose and the tokens it used (or would use).</summary>
/// <param name="Task">The routed task, for the report; null when unknown.</param>
public sealed record SimulatedRequest(string Model, long InputTokens, long OutputTokens, string? Task = null);
