using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.Tests.IntentModel.Moe;

public sealed class TokenWindowKeyTests
{
    [Fact]
    public void EqualIdsMakeEqualKeys()
    {
        var a = new TokenWindowKey([5, 17, 300]);
        var b = new TokenWindowKey([5, 17, 300]);

        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData(new[] { 5, 17, 301 })]
    [InlineData(new[] { 5, 17 })]
    [InlineData(new[] { 17, 5, 300 })]
    [InlineData(new int[0])]
    public void AnyDifferenceInTheIdsMakesADifferentKey(int[] other)
    {
        Assert.NotEqual(new TokenWindowKey([5, 17, 300]), new TokenWindowKey(other));
    }
}
