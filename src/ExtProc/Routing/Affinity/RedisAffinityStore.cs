using System.Globalization;

namespace ExtProcRouter.Routing.Affinity;

/// <summary>
/// Pins shared by several sidecar replicas through Redis. Each pin is a string key holding
/// "expires-at-ms|pin"; a sorted set scores keys by last use so the least recently used are evicted beyond the
/// bound. Expiry is decided from the injected clock (deterministic in tests), with a Redis PX expiry as a
/// backstop so abandoned pins also leave Redis. Each operation is one Lua script: atomic across replicas.
/// </summary>
public sealed class RedisAffinityStore(RespConnection connection, AffinityOptions options, TimeProvider timeProvider,
    string keyPrefix = "extproc:affinity:") : IAffinityStore
{
    private const string GetScript = """
        local v = redis.call('GET', KEYS[1])
        if not v then redis.call('ZREM', KEYS[2], KEYS[1]) return false end
        local sep = string.find(v, '|', 1, true)
        local now = tonumber(ARGV[1])
        if tonumber(string.sub(v, 1, sep - 1)) <= now then
          redis.call('DEL', KEYS[1]) redis.call('ZREM', KEYS[2], KEYS[1]) return false
        end
        local pin = string.sub(v, sep + 1)
        redis.call('SET', KEYS[1], (now + tonumber(ARGV[2])) .. '|' .. pin, 'PX', ARGV[2])
        redis.call('ZADD', KEYS[2], now, KEYS[1])
        return pin
        """;

    private const string PinScript = """
        local now = tonumber(ARGV[1])
        redis.call('SET', KEYS[1], (now + tonumber(ARGV[2])) .. '|' .. ARGV[3], 'PX', ARGV[2])
        redis.call('ZADD', KEYS[2], now, KEYS[1])
        local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
        if excess > 0 then
          local old = redis.call('ZPOPMIN', KEYS[2], excess)
          for i = 1, #old, 2 do redis.call('DEL', old[i]) end
        end
        return 1
        """;

    private readonly string _lruKey = keyPrefix + "lru";
    private readonly string _ttlMilliseconds = ((long)options.TimeToLive.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    public async ValueTask<PinnedModel?> TryGetAsync(AffinityKey key, CancellationToken cancellationToken)
    {
        var reply = await connection.ExecuteAsync(["EVAL", GetScript, "2", PinKey(key), _lruKey, Now(), _ttlMilliseconds],
            cancellationToken).ConfigureAwait(false);
        return reply is string encoded ? PinnedModel.Decode(encoded) : null;
    }

    public async ValueTask PinAsync(AffinityKey key, PinnedModel pin, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(["EVAL", PinScript, "2", PinKey(key), _lruKey, Now(), _ttlMilliseconds, pin.Encode(),
            options.MaxPins.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);

    /// <summary>How many pins Redis holds for this prefix (for tests and diagnostics).</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken) =>
        (long)(await connection.ExecuteAsync(["ZCARD", _lruKey], cancellationToken).ConfigureAwait(false))!;

    private string PinKey(AffinityKey key) => // The router name's length keeps "a:b"+"c" and "a"+"b:c" apart.
        string.Concat(keyPrefix, "pin:", key.Router.Length.ToString(CultureInfo.InvariantCulture), ":", key.Router, ":", key.SessionId);

    private string Now() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
