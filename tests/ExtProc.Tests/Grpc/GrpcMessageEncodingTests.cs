using ExtProcRouter.Grpc;

namespace ExtProcRouter.Tests.Grpc;

public sealed class GrpcMessageEncodingTests
{
    [Theory]
    [InlineData("plain ascii text: ok!", "plain ascii text: ok!")]
    [InlineData("100%", "100%25")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("é", "%C3%A9")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("", "")]
    public void EncodesNonPrintableBytesAndPercent(string message, string expected) =>
        Assert.Equal(expected, GrpcMessageEncoding.Encode(message));

    [Theory]
    [InlineData("ünïcødé 100% \"quoted\"\r\nand\ttabs 😀")]
    [InlineData("%%%")]
    [InlineData("~ !")]
    public void DecodeReversesEncode(string message) =>
        Assert.Equal(message, GrpcMessageEncoding.Decode(GrpcMessageEncoding.Encode(message)));

    [Theory]
    [InlineData("%zz", "%zz")]
    [InlineData("50%", "50%")]
    [InlineData("%4", "%4")]
    [InlineData("a%20b", "a b")]
    public void DecodeKeepsMalformedEscapes(string value, string expected) =>
        Assert.Equal(expected, GrpcMessageEncoding.Decode(value));

    [Fact]
    public void EncodedText_IsPrintableAscii()
    {
        string encoded = GrpcMessageEncoding.Encode("\u0000\u001f\u007f\u0080\uffff");
        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
    }
}
