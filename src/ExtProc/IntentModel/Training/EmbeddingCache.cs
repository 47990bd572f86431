using System.Security.Cryptography;
using System.Text;
using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.IntentModel.Training;

/// <summary>
/// Encoder outputs keyed by a hash of (strategy, text), persisted under .deps/cache so that re-running the trainer does
/// not re-encode tens of thousands of texts. Not thread-safe (the trainer fills it from one thread).
/// </summary>
public sealed class EmbeddingCache
{
    private const int Width = MoeFeatureLayout.EmbeddingWidth;
    private readonly Dictionary<UInt128, float[]> _embeddings = new();
    private readonly List<UInt128> _added = new();
    private readonly string _prefix;

    public EmbeddingCache(LongTextStrategy strategy) => _prefix = strategy + "\n";

    public int Count => _embeddings.Count;

    public static EmbeddingCache Load(string path, LongTextStrategy strategy)
    {
        var cache = new EmbeddingCache(strategy);
        if (!File.Exists(path)) return cache;
        using var reader = new BinaryReader(File.OpenRead(path));
        var entrySize = 16 + Width * sizeof(float);
        var count = reader.BaseStream.Length / entrySize; // a torn last entry (interrupted run) is ignored
        for (var i = 0; i < count; i++)
        {
            var low = reader.ReadUInt64();
            var high = reader.ReadUInt64();
            var vector = new float[Width];
            for (var j = 0; j < Width; j++) vector[j] = reader.ReadSingle();
            cache._embeddings[new UInt128(high, low)] = vector;
        }
        return cache;
    }

    /// <summary>Appends the entries added since loading to <paramref name="path"/>.</summary>
    public void SaveAdded(string path)
    {
        if (_added.Count == 0) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new BinaryWriter(new FileStream(path, FileMode.Append));
        foreach (var key in _added)
        {
            writer.Write((ulong)key);
            writer.Write((ulong)(key >> 64));
            foreach (var value in _embeddings[key]) writer.Write(value);
        }
        _added.Clear();
    }

    public bool TryGet(string text, out float[] embedding) => _embeddings.TryGetValue(Key(text), out embedding!);

    /// <summary>Embeds the texts not yet cached, one text per encoder run, reporting progress (done, total).</summary>
    /// <remarks>
    /// One text per run because a text's embedding depends a little on the texts it shares a run with: the int8
    /// encoder quantizes activations with one scale per run, and even float matrix products round differently for
    /// other batch shapes. Head training amplifies that (a re-run differing only in cache order moved humanevalpack by
    /// ~18 points, models/MODEL_CARD.md), so a cache filled in batches would make a head depend on earlier runs. It
    /// costs about nothing: batches paid for their padding.
    /// </remarks>
    public void EmbedMissing(IEnumerable<string> texts, TextEmbedder embedder, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var missing = texts.Distinct(StringComparer.Ordinal).Where(t => !_embeddings.ContainsKey(Key(t))).ToList();
        const int progressEvery = 100;
        for (var done = 0; done < missing.Count; done++)
        {
            var text = missing[done];
            var key = Key(text);
            if (_embeddings.TryAdd(key, embedder.Embed([text], cancellationToken)[0])) _added.Add(key);
            if ((done + 1) % progressEvery == 0 || done + 1 == missing.Count) progress?.Invoke(done + 1, missing.Count);
        }
    }

    private UInt128 Key(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(_prefix + text), hash);
        return new UInt128(BitConverter.ToUInt64(hash[8..]), BitConverter.ToUInt64(hash));
    }
}
