using System.IO.Compression;
using ExtProcRouter.Errors;

namespace ExtProcRouter.Processing;

/// <summary>
/// Undoes a client's request <c>content-encoding</c> so the JSON can be read. The decoded size is bounded by the
/// body limit while decoding, so a small compressed body cannot expand into unbounded memory.
/// </summary>
public static class RequestBodyDecoder
{
    /// <summary>True when the encoding means "not compressed".</summary>
    public static bool IsIdentity(string? contentEncoding) =>
        string.IsNullOrWhiteSpace(contentEncoding) || contentEncoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase);

    /// <summary>Decodes <paramref name="body"/> into <paramref name="output"/>.</summary>
    /// <exception cref="RequestRejectedException">Unsupported (415), corrupt (400) or too large once decoded (413).</exception>
    public static void Decode(ReadOnlyMemory<byte> body, string contentEncoding, long maxDecodedBytes, PooledBufferWriter output)
    {
        var encoding = contentEncoding.Trim().ToLowerInvariant();
        using var compressed = new ReadOnlyMemoryStream(body);
        using Stream decoder = encoding switch
        {
            "gzip" or "x-gzip" => new GZipStream(compressed, CompressionMode.Decompress),
            "deflate" => new ZLibStream(compressed, CompressionMode.Decompress),
            "br" => new BrotliStream(compressed, CompressionMode.Decompress),
            _ => throw new RequestRejectedException(OpenAIErrors.UnsupportedContentEncoding(contentEncoding)),
        };
        try
        {
            while (true)
            {
                var span = output.GetSpan(16 * 1024);
                var read = decoder.Read(span);
                if (read == 0) return;
                output.Advance(read);
                if (output.WrittenCount > maxDecodedBytes)
                    throw new RequestRejectedException(OpenAIErrors.BodyTooLarge(maxDecodedBytes));
            }
        }
        catch (InvalidDataException)
        {
            throw new RequestRejectedException(OpenAIErrors.CorruptContentEncoding(contentEncoding));
        }
    }

    /// <summary>A read-only stream over memory that Envoy's message already holds, without copying it.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => memory.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
