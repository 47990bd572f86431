namespace ExtProcRouter.WebConsole;

/// <summary>A configured model as the console shows it: configured prices next to what ranking reads live.</summary>
/// <param name="Available">False while it cools down or its provider key is missing.</param>
public sealed record ConsoleModel(
    string Slug,
    string Provider,
    decimal? InputPricePerMillion,
    decimal? OutputPricePerMillion,
    decimal? PricePerMillion,
    double? TtftMs,
    bool Available);
