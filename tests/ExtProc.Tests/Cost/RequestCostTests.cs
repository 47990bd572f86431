using ExtProcRouter.Cost;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Cost;

public class RequestCostTests
{
    [Fact]
    public void The_seeds_worked_example_94_in_80_out_at_gpt_oss_20b_prices_is_0_00004070()
    {
        // 94 * 0.05 / 1e6 = 0.0000047 and 80 * 0.45 / 1e6 = 0.000036.
        var cost = RequestCost.Estimate(new TokenUsage(94, 80, null), 0.05m, 0.45m);

        Assert.Equal(0.0000407m, cost);
        Assert.Equal("0.00004070", CostFormat.Usd(cost!.Value));
    }

    [Theory]
    [InlineData(1_000_000, 500_000, 2.00, 8.00, "6")]
    [InlineData(1, 0, 3.00, 15.00, "0.000003")]
    [InlineData(0, 1, 3.00, 15.00, "0.000015")]
    [InlineData(1234, 567, 0.15, 0.60, "0.0005253")]
    [InlineData(0, 0, 1.00, 1.00, "0")]
    public void Hand_computed_cases(long input, long output, double inputPrice, double outputPrice, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            RequestCost.Estimate(new TokenUsage(input, output, null), (decimal)inputPrice, (decimal)outputPrice));

    [Fact]
    public void Cached_input_tokens_are_part_of_the_input_count_and_not_charged_twice()
    {
        var cost = RequestCost.Estimate(new TokenUsage(1000, 0, 800), 1m, 1m);
        Assert.Equal(0.001m, cost);
    }

    [Fact]
    public void No_usage_or_a_missing_price_for_used_tokens_gives_no_cost()
    {
        Assert.Null(RequestCost.Estimate(new TokenUsage(null, null, null), 1m, 1m));
        Assert.Null(RequestCost.Estimate(new TokenUsage(10, 5, null), null, 1m));
        Assert.Null(RequestCost.Estimate(new TokenUsage(10, 5, null), 1m, null));
        // A price that is not needed may be missing.
        Assert.Equal(0.00001m, RequestCost.Estimate(new TokenUsage(10, null, null), 1m, null));
    }

    [Fact]
    public void Sums_over_many_requests_are_exact()
    {
        var total = 0m;
        for (var i = 0; i < 100_000; i++) total += RequestCost.Estimate(new TokenUsage(94, 80, null), 0.05m, 0.45m)!.Value;
        Assert.Equal(4.07m, total);
    }
}
