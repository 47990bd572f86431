using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Tests.Translation.Json;

public sealed class DataUrlTests
{
    [Theory]
    [InlineData("data:image/png;base64,iVBORw0KGgo=", "image/png", "iVBORw0KGgo=")]
    [InlineData("DATA:image/webp;BASE64,UklGR", "image/webp", "UklGR")]
    [InlineData("data:;base64,AAAA", "application/octet-stream", "AAAA")]
    public void Parses_base64_data_urls(string url, string mediaType, string data)
    {
        Assert.True(DataUrl.TryParse(url, out var parsed));
        Assert.Equal(new DataUrl(mediaType, data), parsed);
    }

    [Theory]
    [InlineData("https://example.com/a.png")]
    [InlineData("data:text/plain,hello")]
    [InlineData("data:image/png;base64")]
    public void Rejects_everything_else(string url) => Assert.False(DataUrl.TryParse(url, out _));
}
