using ExtProcRouter.Cost;

namespace ExtProcRouter.Tests.Cost;

public class CostFormatTests
{
    [Theory]
    [InlineData("0", "0.00000000")]
    [InlineData("6", "6.00000000")]
    [InlineData("0.0000407", "0.00004070")]
    [InlineData("0.000000001", "0.000000001")]
    [InlineData("1.23456789012", "1.2345678901")]
    [InlineData("0.00000000005", "0.0000000001")]
    public void At_least_eight_and_at_most_ten_decimals_without_exponent(string value, string expected) =>
        Assert.Equal(expected, CostFormat.Usd(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
