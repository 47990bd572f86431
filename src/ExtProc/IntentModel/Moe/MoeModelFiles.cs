using ExtProcRouter.IntentModel.Encoder;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>Where the routing model's parts live, relative to the repository (or deployment) root.</summary>
/// <param name="VocabularyPath">The SentencePiece vocabulary of the encoder (fetched by setup).</param>
/// <param name="EncoderTfjsDirectory">The TF.js encoder the ONNX encoder is converted from (fetched by setup).</param>
/// <param name="EncoderPath">The converted encoder (written by <c>convert-encoder</c>; never committed).</param>
/// <param name="HeadPath">The trained head (committed).</param>
public sealed record MoeModelFiles(string VocabularyPath, string EncoderTfjsDirectory, string EncoderPath, string HeadPath)
{
    public static readonly string DefaultHeadPath = Path.Combine("models", "moe-head.onnx");

    public static MoeModelFiles Under(string root) => new(
        Path.Combine(root, EncoderConverter.DefaultSourceDirectory, "vocab.json"),
        Path.Combine(root, EncoderConverter.DefaultSourceDirectory),
        Path.Combine(root, EncoderConverter.DefaultOutputPath),
        Path.Combine(root, DefaultHeadPath));

    /// <summary>The files under the current directory.</summary>
    public static MoeModelFiles Default => Under(".");

    /// <summary>Converts the encoder if it is missing or older than its TF.js source.</summary>
    public void EnsureEncoder()
    {
        if (!File.Exists(EncoderPath) && !Directory.Exists(EncoderTfjsDirectory))
            throw new FileNotFoundException(
                $"The encoder is missing: neither {EncoderPath} nor its source {EncoderTfjsDirectory} exists (run `make setup`).", EncoderPath);
        if (Directory.Exists(EncoderTfjsDirectory))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(EncoderPath))!);
            EncoderConverter.ConvertIfStale(EncoderTfjsDirectory, EncoderPath);
        }
    }
}
