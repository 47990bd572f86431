namespace ExtProcRouter.WebConsole;

/// <summary>One model of the pool that was ranked for a dry run, with what the ranking read.</summary>
/// <param name="Rank">1 = ranked first by the task's selection policy (availability aside).</param>
/// <param name="Chosen">The model the request would be served by.</param>
/// <param name="Available">False while it cools down after upstream failures or its provider key is missing.</param>
/// <param name="PricePerMillion">Input + output USD per million tokens as ranking sees it (live catalog, else configured).</param>
/// <param name="TtftMs">Live time to first token as ranking sees it, when known.</param>
public sealed record RouteCandidate(
    string Model,
    string Provider,
    int Rank,
    bool Chosen,
    bool Available,
    decimal? InputPricePerMillion,
    decimal? OutputPricePerMillion,
    decimal? PricePerMillion,
    double? TtftMs);
