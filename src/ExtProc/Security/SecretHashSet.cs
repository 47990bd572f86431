using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ExtProcRouter.Security;

/// <summary>
/// A set of secrets kept only as SHA-256 hashes. A presented secret is hashed and compared with every stored
/// hash in constant time, without stopping at the first match, so timing reveals neither which key matched nor
/// how much of a key was right.
/// </summary>
public sealed class SecretHashSet
{
    private const int HashBytes = 32;
    private readonly byte[][] _hashes;

    public SecretHashSet(IEnumerable<string> secrets)
    {
        var hashes = new List<byte[]>();
        foreach (var secret in secrets)
        {
            var trimmed = secret.Trim();
            if (trimmed.Length > 0) hashes.Add(SHA256.HashData(Encoding.UTF8.GetBytes(trimmed)));
        }
        _hashes = hashes.ToArray();
    }

    public int Count => _hashes.Length;

    public bool Contains(ReadOnlySpan<char> secret)
    {
        if (_hashes.Length == 0) return false;
        var byteCount = Encoding.UTF8.GetByteCount(secret);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(secret, rented);
            Span<byte> hash = stackalloc byte[HashBytes];
            SHA256.HashData(rented.AsSpan(0, written), hash);
            var matched = false;
            foreach (var stored in _hashes) matched |= CryptographicOperations.FixedTimeEquals(stored, hash);
            return matched;
        }
        finally
        {
            // The buffer held a secret: clear it before another renter can see it.
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }
}
