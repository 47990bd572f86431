using ExtProcRouter.Grpc;

namespace ExtProcRouter.Tests.Grpc;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("30S", 300_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("1000n", 10L)]
    [InlineData("1n", 1L)]
    [InlineData("0m", 0L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void ParsesEveryUnit(string header, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("10 S")]
    [InlineData("-1S")]
    [InlineData("123456789S")] // 9 digits
    [InlineData("1.5S")]
    public void RejectsMalformedValues(string header) => Assert.False(GrpcTimeout.TryParse(header, out _));

    [Theory]
    [InlineData(1L)]
    [InlineData(999_999L)]
    [InlineData(10_000_000L)]
    [InlineData(123_456_789_012L)]
    [InlineData(36_000_000_000_000L)]
    public void FormatRoundTripsWithoutShortening(long ticks)
    {
        var timeout = TimeSpan.FromTicks(ticks);
        string header = GrpcTimeout.Format(timeout);

        Assert.InRange(header.Length, 2, 9);
        Assert.True(GrpcTimeout.TryParse(header, out var parsed));
        Assert.True(parsed >= timeout, $"{header} -> {parsed} < {timeout}");
    }

    [Fact]
    public void ExpiredTimeout_IsSentAsOneNanosecond() => Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.FromSeconds(-3)));
}
