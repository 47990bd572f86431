using System.Text;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Tests.Translation.Json;

public sealed class CostMemberTests
{
    [Theory]
    [InlineData("{}", false)]
    [InlineData("{ \r\n\t}", false)]
    [InlineData("{\"prompt_tokens\":1}", true)]
    public void Knows_whether_a_usage_object_needs_a_comma_before_the_cost(string usage, bool hasMembers) =>
        Assert.Equal(hasMembers, CostMember.HasMembers(Encoding.UTF8.GetBytes(usage)));

    [Theory]
    [InlineData(true, ",\"cost_usd\":0.00004070")]
    [InlineData(false, "\"cost_usd\":0.00004070")]
    public void Formats_the_member_with_the_headers_digits(bool afterOtherMembers, string expected)
    {
        Span<byte> member = stackalloc byte[CostMember.MaxLength];
        var length = CostMember.Format(0.0000407m, afterOtherMembers, member);
        Assert.Equal(expected, Encoding.UTF8.GetString(member[..length]));
    }

    [Fact]
    public void The_largest_decimal_fits()
    {
        Span<byte> member = stackalloc byte[CostMember.MaxLength];
        var length = CostMember.Format(decimal.MinValue, afterOtherMembers: true, member);
        Assert.Equal(",\"cost_usd\":-79228162514264337593543950335.00000000", Encoding.UTF8.GetString(member[..length]));
    }
}
