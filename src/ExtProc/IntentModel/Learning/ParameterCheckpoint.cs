using System.Runtime.InteropServices;
using System.Text;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// Saves and restores parameter values in a small binary format: the magic "EPRCKPT1", the tensor count, then per
/// tensor its name (length-prefixed UTF-8), rank, dimensions and float32 values, all little-endian.
/// </summary>
/// <remarks>
/// Tensors are matched by name and shape on load, so a checkpoint from a differently shaped or differently named
/// model is refused rather than loaded into the wrong place. Only values are stored: gradients and optimizer moments
/// restart, which is what resuming from a selected epoch needs.
/// </remarks>
public static class ParameterCheckpoint
{
    private static readonly byte[] Magic = "EPRCKPT1"u8.ToArray();

    /// <summary>Writes the checkpoint to a temporary file first, so an interrupted save never leaves a torn file.</summary>
    public static void Save(string path, IEnumerable<Parameter> parameters)
    {
        var list = parameters.ToList();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8))
        {
            writer.Write(Magic);
            writer.Write(list.Count);
            foreach (var parameter in list)
            {
                writer.Write(parameter.Name);
                writer.Write(parameter.Shape.Length);
                foreach (var dimension in parameter.Shape) writer.Write(dimension);
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Checkpoints are written little-endian.");
                writer.Write(MemoryMarshal.AsBytes(parameter.Value.AsSpan()));
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Overwrites the values of <paramref name="parameters"/> with the checkpoint's; every one must be present with its shape.</summary>
    public static void Load(string path, IReadOnlyList<Parameter> parameters)
    {
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a parameter checkpoint.");
        var count = reader.ReadInt32();
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        for (var t = 0; t < count; t++)
        {
            var name = reader.ReadString();
            var shape = new int[reader.ReadInt32()];
            for (var d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt32();
            if (!byName.TryGetValue(name, out var parameter))
                throw new InvalidDataException($"Checkpoint '{path}' holds '{name}', which this model does not have.");
            if (!shape.SequenceEqual(parameter.Shape))
                throw new InvalidDataException($"Checkpoint '{path}' has '{name}' as [{string.Join(", ", shape)}]; the model's is [{string.Join(", ", parameter.Shape)}].");
            var bytes = MemoryMarshal.AsBytes(parameter.Value.AsSpan());
            if (reader.Read(bytes) != bytes.Length) throw new InvalidDataException($"Checkpoint '{path}' ends inside '{name}'.");
            loaded.Add(name);
        }
        var missing = byName.Keys.Where(n => !loaded.Contains(n)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"Checkpoint '{path}' lacks {missing.Count} parameter(s), e.g. '{missing[0]}'.");
    }
}
