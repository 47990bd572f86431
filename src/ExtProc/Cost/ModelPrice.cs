using ExtProcRouter.Configuration;

namespace ExtProcRouter.Cost;

/// <summary>USD per 1M input and output tokens of one model.</summary>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    public decimal CostOf(long inputTokens, long outputTokens) =>
        RequestCost.Estimate(new Translation.TokenUsage(inputTokens, outputTokens, null), InputPerMillion, OutputPerMillion) ?? 0m;

    /// <summary>Every model of <paramref name="config"/> with both prices, by slug and by alias.</summary>
    public static IReadOnlyDictionary<string, ModelPrice> TableOf(RouterConfig config)
    {
        var table = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var model in config.Models)
        {
            if (model.InputPricePerMillionTokens is not { } input || model.OutputPricePerMillionTokens is not { } output) continue;
            var price = new ModelPrice(input, output);
            table[model.Slug] = price;
            foreach (var alias in model.Aliases) table.TryAdd(alias, price);
        }
        return table;
    }
}
