using System.Text.Json;
using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Onnx;

namespace ExtProcRouter.Tests.IntentModel.Encoder;

/// <summary>Converts the real TF.js encoder (fetched by `make setup`) once for all encoder tests and loads it.</summary>
public sealed class EncoderFixture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("encoder-test-").FullName;

    public EncoderFixture()
    {
        TfjsDirectory = FindTfjsModel();
        ModelPath = Path.Combine(_directory, "use-lite.onnx");
        EncoderConverter.Convert(TfjsDirectory, ModelPath);
        Environment = new OnnxRuntimeEnvironment();
        Encoder = new SentenceEncoder(Environment, ModelPath, new OnnxSessionOptions { IntraOpThreads = 2 });
        Reference = LoadReference();
        _int8ModelPath = new Lazy<string>(() =>
        {
            var path = Path.Combine(_directory, "use-lite-int8.onnx");
            EncoderConverter.Convert(TfjsDirectory, path, EncoderPrecision.Int8);
            return path;
        });
    }

    private readonly Lazy<string> _int8ModelPath;

    /// <summary>The int8 variant, converted on first use (thread-safe).</summary>
    public string Int8ModelPath => _int8ModelPath.Value;

    public string TfjsDirectory { get; }

    public string ModelPath { get; }

    public OnnxRuntimeEnvironment Environment { get; }

    public SentenceEncoder Encoder { get; }

    public IReadOnlyList<ReferenceSequence> Reference { get; }

    public void Dispose()
    {
        Encoder.Dispose();
        Environment.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string FindTfjsModel()
    {
        var relative = Path.Combine(".deps", "model-embeddings-en", "dist");
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(Path.Combine(candidate, "model.json"))) return candidate;
        }
        throw new InvalidOperationException($"The TF.js encoder ({relative}) is missing: run `make setup` (scripts/setup.sh) first.");
    }

    private static List<ReferenceSequence> LoadReference()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "IntentModel", "Encoder", "Data", "use-lite-reference.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("sequences").EnumerateArray().Select(s => new ReferenceSequence(
            s.GetProperty("name").GetString()!,
            s.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            s.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            s.GetProperty("tokenStates").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetSingle()).ToArray()).ToArray())).ToList();
    }
}

/// <summary>One sequence recorded with the original TF.js model by scripts/reference/encoder/record.js.</summary>
public sealed record ReferenceSequence(string Name, int[] Ids, float[] Embedding, float[][] TokenStates);

[CollectionDefinition(Name)]
public sealed class EncoderCollection : ICollectionFixture<EncoderFixture>
{
    public const string Name = "USE-Lite encoder";
}
