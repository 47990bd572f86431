using System.Text;

namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// The committed form of the fine-tuned encoder: per tuned weight, its difference from the base USE-Lite weight in
/// IEEE half precision. Deltas rather than values, because fine-tuning moves weights by small amounts: fp16 keeps
/// about three significant digits of the delta, so base + delta is within ~1e-6 of the trained float32 weight,
/// where fp16 of the weight itself would lose ~5e-4 relative on every weight. Weights that did not move are left out.
/// </summary>
/// <remarks>
/// Format (little endian): magic "EPRFTD16", int32 tensor count, then per tensor a length-prefixed UTF-8 name,
/// int32 rank, int32 dimensions, and the values as fp16.
/// </remarks>
public static class FineTunedWeightsFile
{
    /// <summary>The committed file (next to the MoE head).</summary>
    public static readonly string DefaultPath = Path.Combine("models", "use-lite-finetuned.delta16");

    /// <summary>The budget for committed weights.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    private static readonly byte[] Magic = "EPRFTD16"u8.ToArray();

    /// <summary>The deltas of <paramref name="tuned"/> against <paramref name="original"/> (same names), skipping unchanged weights.</summary>
    public static IReadOnlyList<WeightDelta> Deltas(IEnumerable<(string Name, int[] Shape, float[] Value)> tuned, IReadOnlyDictionary<string, float[]> original)
    {
        var deltas = new List<WeightDelta>();
        foreach (var (name, shape, value) in tuned)
        {
            var before = original[name];
            var delta = new float[value.Length];
            var moved = false;
            for (var i = 0; i < value.Length; i++)
            {
                delta[i] = value[i] - before[i];
                moved |= delta[i] != 0f;
            }
            if (moved) deltas.Add(new WeightDelta(name, shape, delta));
        }
        return deltas;
    }

    public static void Save(string path, IReadOnlyList<WeightDelta> deltas)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(deltas.Count);
            foreach (var delta in deltas)
            {
                writer.Write(delta.Name);
                writer.Write(delta.Shape.Length);
                foreach (var dimension in delta.Shape) writer.Write(dimension);
                foreach (var value in delta.Values) writer.Write((Half)value);
            }
        }
        var size = new FileInfo(temporary).Length;
        if (size > MaxBytes)
        {
            File.Delete(temporary);
            throw new InvalidOperationException($"The fine-tuned weights take {size} bytes, over the {MaxBytes}-byte budget; freeze more weights.");
        }
        File.Move(temporary, path, overwrite: true);
    }

    public static IReadOnlyList<WeightDelta> Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a fine-tuned weights file.");
        var count = reader.ReadInt32();
        var deltas = new List<WeightDelta>(count);
        for (var t = 0; t < count; t++)
        {
            var name = reader.ReadString();
            var rank = reader.ReadInt32();
            var shape = new int[rank];
            for (var d = 0; d < rank; d++) shape[d] = reader.ReadInt32();
            var values = new float[shape.Aggregate(1, (a, b) => checked(a * b))];
            for (var i = 0; i < values.Length; i++) values[i] = (float)reader.ReadHalf();
            deltas.Add(new WeightDelta(name, shape, values));
        }
        if (reader.BaseStream.Position != reader.BaseStream.Length)
            throw new InvalidDataException($"'{path}' has trailing bytes after {count} tensors.");
        return deltas;
    }
}
