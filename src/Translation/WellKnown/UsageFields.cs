namespace ExtProcRouter.Translation.WellKnown;

/// <summary>Members the router adds to the usage objects clients see.</summary>
public static class UsageFields
{
    /// <summary>
    /// The request's estimated cost in USD, next to the token counts (OpenRouter puts its <c>cost</c> inside usage
    /// the same way; SDKs ignore members they do not know).
    /// </summary>
    public const string CostUsd = "cost_usd";

    internal static ReadOnlySpan<byte> CostUsdUtf8 => "cost_usd"u8;
}
