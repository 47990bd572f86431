using System.Runtime.InteropServices;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// The token ids of one encoder window (at most <see cref="Encoder.SentenceEncoder.MaxTokens"/>), compared element by
/// element: the hash only picks the bucket, so two windows that collide are still told apart.
/// </summary>
public readonly struct TokenWindowKey : IEquatable<TokenWindowKey>
{
    private readonly int[] _ids;
    private readonly int _hash;

    /// <summary>Takes <paramref name="ids"/> as it is: the caller must not change the array afterwards.</summary>
    public TokenWindowKey(int[] ids)
    {
        _ids = ids;
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(ids.AsSpan()));
        _hash = hash.ToHashCode();
    }

    public ReadOnlySpan<int> Ids => _ids;

    public bool Equals(TokenWindowKey other) => _hash == other._hash && _ids.AsSpan().SequenceEqual(other._ids);

    public override bool Equals(object? obj) => obj is TokenWindowKey other && Equals(other);

    public override int GetHashCode() => _hash;

    public static bool operator ==(TokenWindowKey left, TokenWindowKey right) => left.Equals(right);

    public static bool operator !=(TokenWindowKey left, TokenWindowKey right) => !left.Equals(right);
}
