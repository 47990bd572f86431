using ExtProcRouter.Configuration;

namespace ExtProcRouter.Tests.Configuration;

public class DurationTextTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("2s", 2000)]
    [InlineData("1.5s", 1500)]
    [InlineData("1m", 60000)]
    [InlineData(" 10ms ", 10)]
    public void Parses_envoy_style_durations(string text, double milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("200")]
    [InlineData("fast")]
    [InlineData("-1s")]
    [InlineData("1h")]
    public void Rejects_anything_else(string text) => Assert.False(DurationText.TryParse(text, out _));
}
