using System.IO.Compression;
using System.Text;
using ExtProcRouter.Errors;
using ExtProcRouter.Processing;

namespace ExtProcRouter.Tests.Processing;

public class RequestBodyDecoderTests
{
    private static byte[] Compress(string encoding, byte[] data)
    {
        var output = new MemoryStream();
        using (Stream compressor = encoding switch
               {
                   "gzip" => new GZipStream(output, CompressionLevel.Fastest, true),
                   "deflate" => new ZLibStream(output, CompressionLevel.Fastest, true),
                   _ => new BrotliStream(output, CompressionLevel.Fastest, true),
               })
            compressor.Write(data);
        return output.ToArray();
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    [InlineData(" GZIP ")]
    public void Decodes_supported_encodings(string encoding)
    {
        var original = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"text\":\"" + new string('a', 50_000) + "\"}");
        using var output = new PooledBufferWriter(16);

        RequestBodyDecoder.Decode(Compress(encoding.Trim().ToLowerInvariant(), original), encoding, 1_000_000, output);

        Assert.Equal(original, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Stops_a_decompression_bomb_at_the_limit()
    {
        using var output = new PooledBufferWriter();

        var rejected = Assert.Throws<RequestRejectedException>(() =>
            RequestBodyDecoder.Decode(Compress("gzip", new byte[10_000_000]), "gzip", 100_000, output));

        Assert.Equal(413, rejected.Error.StatusCode);
        Assert.True(output.WrittenCount < 200_000);
    }

    [Theory]
    [InlineData("zstd", 415)]
    [InlineData("gzip, br", 415)]
    public void Rejects_unsupported_encodings(string encoding, int status)
    {
        using var output = new PooledBufferWriter();

        Assert.Equal(status, Assert.Throws<RequestRejectedException>(() => RequestBodyDecoder.Decode(new byte[] { 1 }, encoding, 100, output)).Error.StatusCode);
    }

    [Fact]
    public void Rejects_corrupt_data_with_400()
    {
        using var output = new PooledBufferWriter();

        var rejected = Assert.Throws<RequestRejectedException>(() =>
            RequestBodyDecoder.Decode(Encoding.UTF8.GetBytes("not gzip at all"), "gzip", 100, output));

        Assert.Equal(400, rejected.Error.StatusCode);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("Identity", true)]
    [InlineData("gzip", false)]
    public void Knows_identity(string? encoding, bool identity) => Assert.Equal(identity, RequestBodyDecoder.IsIdentity(encoding));
}
