using ExtProcRouter.Configuration;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Cost;

/// <summary>
/// The estimated USD cost of one request: input tokens at the input price plus output tokens at the output price,
/// prices per 1M tokens. Exact decimal arithmetic, so sums over millions of requests do not drift.
/// </summary>
public static class RequestCost
{
    private const decimal TokensPerPriceUnit = 1_000_000m;

    /// <summary>
    /// The cost, or null when the provider reported no usage or a price needed for the tokens used is unknown.
    /// Cached input tokens are part of the input count and are charged at the input price: the configuration
    /// has no separate cached price, so the estimate errs high rather than low.
    /// </summary>
    public static decimal? Estimate(TokenUsage usage, decimal? inputPricePerMillion, decimal? outputPricePerMillion)
    {
        if (usage.InputTokens is null && usage.OutputTokens is null) return null;
        var input = Math.Max(0, usage.InputTokens ?? 0);
        var output = Math.Max(0, usage.OutputTokens ?? 0);
        if ((input > 0 && inputPricePerMillion is null) || (output > 0 && outputPricePerMillion is null)) return null;
        return (input * (inputPricePerMillion ?? 0m) + output * (outputPricePerMillion ?? 0m)) / TokensPerPriceUnit;
    }

    public static decimal? Estimate(TokenUsage usage, ModelConfig model) =>
        Estimate(usage, model.InputPricePerMillionTokens, model.OutputPricePerMillionTokens);
}
