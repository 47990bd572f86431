using System.Text;
using ExtProcRouter.IntentModel.Conversation;
using FsCheck;
using FsCheck.Fluent;

namespace ExtProcRouter.Tests.IntentModel.Conversation;

public sealed class Utf8MiddleTrimTests
{
    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("abcdefghij", 10, "abcdefghij")]
    [InlineData("abcdefghij", 8, "abc…ij")] // 5 bytes for text: 3 head, 2 tail
    [InlineData("abcdefghijklmnopqrst", 13, "abcdef…qrst")] // 10 bytes for text: 6 head, 4 tail
    [InlineData("ééééé", 8, "é…é")] // 2-byte sequences: head backs off to 2 bytes, tail takes at most 3
    [InlineData("😀😀😀", 10, "😀…")] // 4-byte sequences (surrogate pairs) are never split
    [InlineData("a😀b😀c😀d", 12, "a😀…d")]
    [InlineData("abcdef", 3, "abc")] // no room for the marker: head only
    [InlineData("ééé", 3, "é")]
    [InlineData("😀", 3, "")]
    [InlineData("abc", 0, "")]
    public void Golden(string input, int maxBytes, string expected)
    {
        Assert.Equal(expected, Utf8MiddleTrim.Trim(input, maxBytes));
    }

    [Fact]
    public void Keeps_sixty_percent_head_and_forty_percent_tail()
    {
        var text = new string('h', 1000) + new string('t', 1000);
        var trimmed = Utf8MiddleTrim.Trim(text, 103);
        Assert.Equal(new string('h', 60) + "…" + new string('t', 40), trimmed);
    }

    [Fact]
    public void Lone_surrogates_count_as_three_bytes_like_their_utf8_replacement()
    {
        Assert.Equal(3, Utf8MiddleTrim.ByteCount("\uD800"));
        const string Text = "a\uD800bcdef"; // 1 + 3 + 5 = 9 bytes
        Assert.Equal(Text, Utf8MiddleTrim.Trim(Text, 9));
        Assert.Equal("a…cdef", Utf8MiddleTrim.Trim(Text, 8)); // head may take 3 bytes: "a" then the 3-byte surrogate overflows
    }

    /// <summary>Strings of arbitrary valid code points, weighted towards multi-byte UTF-8 sequences.</summary>
    private static Gen<string> ValidText() =>
        Gen.OneOf(
                Gen.Choose(0x20, 0x7E),
                Gen.Choose(0x80, 0x7FF),
                Gen.Choose(0x800, 0xD7FF),
                Gen.Choose(0xE000, 0xFFFD),
                Gen.Choose(0x10000, 0x10FFFF))
            .ArrayOf()
            .Select(codePoints => string.Concat(codePoints.Select(char.ConvertFromUtf32)));

    [Fact]
    public void Property_output_is_valid_utf8_within_budget_and_made_of_a_prefix_and_a_suffix()
    {
        var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var inputs = ValidText().SelectMany(_ => Gen.Choose(0, 200), (text, max) => (text, max));
        var property = Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            var (text, max) = input;
            var trimmed = Utf8MiddleTrim.Trim(text, max);
            var bytes = strictUtf8.GetBytes(trimmed); // throws on a split surrogate pair
            var withinBudget = bytes.Length <= max || trimmed == text && Utf8MiddleTrim.ByteCount(text) <= max;
            var marker = trimmed.IndexOf(Utf8MiddleTrim.Marker, StringComparison.Ordinal);
            var shape = trimmed == text
                || (marker < 0 ? text.StartsWith(trimmed, StringComparison.Ordinal)
                    : text.StartsWith(trimmed[..marker], StringComparison.Ordinal)
                      && text.EndsWith(trimmed[(marker + 1)..], StringComparison.Ordinal));
            return withinBudget && shape;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500).WithReplay(Replays.Fixed), property);
    }
}
