using System.Globalization;
using System.Text;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Translation;

public sealed class UsdAmountTests
{
    [Theory]
    [InlineData("0", "0.00000000")]
    [InlineData("0.0000407", "0.00004070")]
    [InlineData("0.000000001", "0.000000001")]
    [InlineData("1.23456789012", "1.2345678901")]
    [InlineData("0.00000000005", "0.0000000001")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335.00000000")]
    [InlineData("-0.00000545", "-0.00000545")]
    public void Utf8_and_string_forms_are_the_same_plain_decimal(string value, string expected)
    {
        var usd = decimal.Parse(value, CultureInfo.InvariantCulture);
        Span<byte> utf8 = stackalloc byte[UsdAmount.MaxUtf8Length];
        var length = UsdAmount.FormatUtf8(usd, utf8);
        Assert.Equal(expected, UsdAmount.Format(usd));
        Assert.Equal(expected, Encoding.UTF8.GetString(utf8[..length]));
    }
}
