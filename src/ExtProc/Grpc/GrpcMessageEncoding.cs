using System.Buffers;
using System.Text;

namespace ExtProcRouter.Grpc;

/// <summary>
/// Percent-encoding of the <c>grpc-message</c> trailer: the UTF-8 bytes of the message, with every byte outside
/// printable ASCII (0x20-0x7E) and '%' itself written as %XX (grpc/doc/PROTOCOL-HTTP2.md).
/// </summary>
public static class GrpcMessageEncoding
{
    public static string Encode(string message)
    {
        if (!NeedsEncoding(message))
            return message;

        int maxBytes = Encoding.UTF8.GetMaxByteCount(message.Length);
        byte[] rented = ArrayPool<byte>.Shared.Rent(maxBytes);
        try
        {
            int length = Encoding.UTF8.GetBytes(message, rented);
            var builder = new StringBuilder(length + 16);
            foreach (byte b in rented.AsSpan(0, length))
            {
                if (IsUnreserved(b))
                    builder.Append((char)b);
                else
                    builder.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
            return builder.ToString();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes leniently, as the spec asks of receivers: malformed escapes are kept as they are.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains('%'))
            return value;

        byte[] rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            int length = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '%' && i + 2 < value.Length &&
                    TryHex(value[i + 1], out int high) && TryHex(value[i + 2], out int low))
                {
                    rented[length++] = (byte)((high << 4) | low);
                    i += 2;
                }
                else if (c < 0x80)
                {
                    rented[length++] = (byte)c;
                }
                else
                {
                    // Not legal on the wire, but a peer might send it: keep the character.
                    length += Encoding.UTF8.GetBytes(value.AsSpan(i, char.IsSurrogatePair(value, i) ? 2 : 1), rented.AsSpan(length));
                    if (char.IsSurrogatePair(value, i))
                        i++;
                }
            }
            return Encoding.UTF8.GetString(rented, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool NeedsEncoding(string message)
    {
        foreach (char c in message)
        {
            if (c is < ' ' or > '~' or '%')
                return true;
        }
        return false;
    }

    private static bool IsUnreserved(byte b) => b is >= 0x20 and <= 0x7E and not (byte)'%';

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
