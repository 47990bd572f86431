using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExtProcRouter.Translation;
using ExtProcRouter.Translation.WellKnown;

namespace ExtProcRouter.Tests.Translation.Support;

/// <summary>
/// Prices for the cost tests: gpt-oss-20b's $0.05 in / $0.45 out per 1M tokens (the seeds' worked example:
/// 94 in / 80 out = $0.00004070), and a model without prices.
/// </summary>
internal static partial class TestPricing
{
    public static decimal? GptOss20b(TokenUsage usage) =>
        ((usage.InputTokens ?? 0) * 0.05m + (usage.OutputTokens ?? 0) * 0.45m) / 1_000_000m;

    public static decimal? Unpriced(TokenUsage usage) => null;

    /// <summary>The output as it would be without the cost members, to compare with the unpriced goldens.</summary>
    public static byte[] WithoutCost(byte[] output) =>
        Encoding.UTF8.GetBytes(CostMember().Replace(Encoding.UTF8.GetString(output), ""));

    /// <summary>Asserts exactly one usage object carries cost_usd, written as <paramref name="expected"/>; returns that event.</summary>
    public static SseTranscript.Event AssertSingleCostEvent(byte[] output, string expected)
    {
        var priced = Assert.Single(SseTranscript.Parse(output), e => e.Data.Contains($"\"{UsageFields.CostUsd}\"", StringComparison.Ordinal));
        AssertCostInUsage(Encoding.UTF8.GetBytes(priced.Data), expected);
        return priced;
    }

    /// <summary>Asserts the JSON's usage object (and nothing else) carries cost_usd with exactly the text <paramref name="expected"/>.</summary>
    public static void AssertCostInUsage(byte[] json, string expected)
    {
        var text = Encoding.UTF8.GetString(json);
        Assert.Single(CostMember().Matches(text));
        Assert.Contains($"\"{UsageFields.CostUsd}\":{expected}", text, StringComparison.Ordinal);
        var usage = JsonNode.Parse(text)?["usage"];
        Assert.NotNull(usage?[UsageFields.CostUsd]);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), usage[UsageFields.CostUsd]!.GetValue<decimal>());
    }

    [GeneratedRegex(",?\"cost_usd\":[0-9.]+")]
    private static partial Regex CostMember();
}
