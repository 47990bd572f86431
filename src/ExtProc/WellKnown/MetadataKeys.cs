namespace ExtProcRouter.WellKnown;

/// <summary>Keys inside the <see cref="MetadataNamespaces.Router"/> dynamic-metadata namespace.</summary>
public static class MetadataKeys
{
    /// <summary>Estimated cost of the request in USD, as a decimal string.</summary>
    public const string CostUsd = "cost_usd";

    /// <summary>Slug of the model that served the request.</summary>
    public const string Model = "model";
}
