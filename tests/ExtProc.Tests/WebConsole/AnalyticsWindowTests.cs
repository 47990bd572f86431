using ExtProcRouter.WebConsole;

namespace ExtProcRouter.Tests.WebConsole;

public sealed class AnalyticsWindowTests
{
    [Theory]
    [InlineData("15m", 15)]
    [InlineData("1h", 60)]
    [InlineData("24h", 1440)]
    [InlineData("168h", 10080)]
    public void Reads_minutes_and_hours(string text, int minutes)
    {
        Assert.True(AnalyticsWindow.TryParse(text, out var window));
        Assert.Equal(TimeSpan.FromMinutes(minutes), window);
    }

    [Fact]
    public void No_window_means_one_hour()
    {
        Assert.True(AnalyticsWindow.TryParse(null, out var window));
        Assert.Equal(TimeSpan.FromHours(1), window);
    }

    [Theory]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("10s")]
    [InlineData("169h")]
    [InlineData("h")]
    [InlineData("99999999999m")]
    public void Refuses_anything_else(string text) => Assert.False(AnalyticsWindow.TryParse(text, out _));
}
