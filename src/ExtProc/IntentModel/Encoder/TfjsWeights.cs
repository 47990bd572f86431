using System.Buffers.Binary;
using System.Text.Json;

namespace ExtProcRouter.IntentModel.Encoder;

/// <summary>
/// The weights of a TF.js graph model: model.json's weightsManifest (groups of weight specs, each group's bytes split
/// over shard files in order) read into named float32/int32 arrays.
/// </summary>
public sealed class TfjsWeights
{
    private readonly Dictionary<string, Tensor> _tensors;

    private TfjsWeights(Dictionary<string, Tensor> tensors) => _tensors = tensors;

    public IReadOnlyCollection<string> Names => _tensors.Keys;

    public static TfjsWeights Load(string modelDirectory)
    {
        var modelJson = Path.Combine(modelDirectory, "model.json");
        if (!File.Exists(modelJson))
            throw new FileNotFoundException($"No TF.js model.json in '{modelDirectory}' (run `make setup` to fetch the encoder).", modelJson);
        using var document = JsonDocument.Parse(File.ReadAllBytes(modelJson));
        if (!document.RootElement.TryGetProperty("weightsManifest", out var manifest) || manifest.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"'{modelJson}' has no weightsManifest array.");

        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var group in manifest.EnumerateArray())
        {
            var bytes = ReadShards(modelDirectory, group.GetProperty("paths"));
            var offset = 0;
            foreach (var spec in group.GetProperty("weights").EnumerateArray())
            {
                var name = spec.GetProperty("name").GetString()!;
                if (spec.TryGetProperty("quantization", out _))
                    throw new NotSupportedException($"Weight '{name}' is quantized; only float32/int32 TF.js weights are supported.");
                var shape = spec.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                var count = shape.Aggregate(1, (a, b) => checked(a * b));
                var dtype = spec.GetProperty("dtype").GetString();
                if (offset + count * 4 > bytes.Length)
                    throw new InvalidDataException($"Weight '{name}' runs past the end of its shards ({bytes.Length} bytes).");
                var span = bytes.AsSpan(offset, count * 4);
                tensors[name] = dtype switch
                {
                    "float32" => new Tensor(shape, ReadFloats(span), null),
                    "int32" => new Tensor(shape, null, ReadInts(span)),
                    _ => throw new NotSupportedException($"Weight '{name}' has dtype {dtype}; only float32 and int32 are supported."),
                };
                offset += count * 4;
            }
            if (offset != bytes.Length)
                throw new InvalidDataException($"Weight group of {bytes.Length} bytes describes {offset} bytes; the shards do not match model.json.");
        }
        return new TfjsWeights(tensors);
    }

    /// <summary>
    /// Weights held in memory under their TF.js names (e.g. a fine-tuned encoder's parameters), so the converter that
    /// reads the original model writes them too.
    /// </summary>
    public static TfjsWeights FromArrays(
        IEnumerable<(string Name, int[] Shape, float[] Values)> floats, IEnumerable<(string Name, int Value)> intScalars)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, shape, values) in floats)
        {
            if (values.Length != shape.Aggregate(1, (x, y) => checked(x * y)))
                throw new ArgumentException($"Weight '{name}' has {values.Length} values for shape [{string.Join(", ", shape)}].", nameof(floats));
            tensors[name] = new Tensor(shape, values, null);
        }
        foreach (var (name, value) in intScalars) tensors[name] = new Tensor([], null, [value]);
        return new TfjsWeights(tensors);
    }

    /// <summary>A float32 weight, checked against the expected shape.</summary>
    public float[] Floats(string name, params int[] expectedShape)
    {
        var tensor = Get(name, expectedShape);
        return tensor.Floats ?? throw new InvalidDataException($"Weight '{name}' is int32, expected float32.");
    }

    public float FloatScalar(string name) => Floats(name)[0];

    public int IntScalar(string name)
    {
        var tensor = Get(name);
        return tensor.Ints is { Length: 1 } ints ? ints[0] : throw new InvalidDataException($"Weight '{name}' is not an int32 scalar.");
    }

    public int[] Shape(string name) => Get(name).Shape;

    private Tensor Get(string name, int[]? expectedShape = null)
    {
        if (!_tensors.TryGetValue(name, out var tensor))
            throw new InvalidDataException($"The TF.js model has no weight named '{name}'.");
        if (expectedShape is { Length: > 0 } && !expectedShape.SequenceEqual(tensor.Shape))
            throw new InvalidDataException($"Weight '{name}' has shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", expectedShape)}].");
        return tensor;
    }

    private static byte[] ReadShards(string directory, JsonElement paths)
    {
        using var all = new MemoryStream();
        foreach (var path in paths.EnumerateArray())
        {
            var file = Path.Combine(directory, path.GetString()!);
            if (!File.Exists(file)) throw new FileNotFoundException($"Weight shard '{file}' is missing.", file);
            using var stream = File.OpenRead(file);
            stream.CopyTo(all);
        }
        return all.ToArray();
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        return values;
    }

    private static int[] ReadInts(ReadOnlySpan<byte> bytes)
    {
        var values = new int[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
        return values;
    }

    private sealed record Tensor(int[] Shape, float[]? Floats, int[]? Ints);
}
