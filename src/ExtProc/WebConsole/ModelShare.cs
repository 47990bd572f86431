namespace ExtProcRouter.WebConsole;

/// <summary>One served model's part of the window's traffic.</summary>
/// <param name="Share">Its fraction of all requests that were served by a model.</param>
public sealed record ModelShare(string Model, int Requests, double Share, decimal CostUsd, double? TtftMsAverage);
