using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.FineTuning;

namespace ExtProcRouter.IntentModel.Moe;

/// <summary>Where the routing model's parts live, relative to the repository (or deployment) root.</summary>
/// <param name="VocabularyPath">The SentencePiece vocabulary of the encoder (fetched by setup).</param>
/// <param name="EncoderTfjsDirectory">The TF.js encoder the ONNX encoder is converted from (fetched by setup).</param>
/// <param name="EncoderPath">The converted encoder (written by <c>convert-encoder</c>; never committed).</param>
/// <param name="HeadPath">The trained head (committed).</param>
/// <param name="EncoderDeltaPath">Fine-tuned weight deltas added to the TF.js weights before converting (committed), or null for the base encoder.</param>
/// <param name="Precision">The arithmetic the encoder is converted to; a head only fits embeddings of the precision it was trained on.</param>
public sealed record MoeModelFiles(string VocabularyPath, string EncoderTfjsDirectory, string EncoderPath, string HeadPath, string? EncoderDeltaPath = null,
    EncoderPrecision Precision = EncoderPrecision.Float32)
{
    public static readonly string DefaultHeadPath = Path.Combine("models", "moe-head.onnx");

    /// <summary>The head trained on the fine-tuned encoder's embeddings.</summary>
    public static readonly string FineTunedHeadPath = Path.Combine("models", "moe-head-finetuned.onnx");

    public static MoeModelFiles Under(string root) => new(
        Path.Combine(root, EncoderConverter.DefaultSourceDirectory, "vocab.json"),
        Path.Combine(root, EncoderConverter.DefaultSourceDirectory),
        Path.Combine(root, EncoderConverter.DefaultOutputPath),
        Path.Combine(root, DefaultHeadPath));

    /// <summary>The files under the current directory.</summary>
    public static MoeModelFiles Default => Under(".");

    /// <summary>The fine-tuned encoder (base weights + committed deltas) and the head trained on it, under <paramref name="root"/>.</summary>
    public static MoeModelFiles FineTunedUnder(string root) => Under(root) with
    {
        EncoderPath = Path.Combine(root, FineTunedEncoderConverter.DefaultOutputPath),
        HeadPath = Path.Combine(root, FineTunedHeadPath),
        EncoderDeltaPath = Path.Combine(root, FineTunedWeightsFile.DefaultPath),
    };

    /// <summary>The fine-tuned files under the current directory.</summary>
    public static MoeModelFiles FineTuned => FineTunedUnder(".");

    /// <summary>The head trained on the int8 fine-tuned encoder's embeddings.</summary>
    public static readonly string FineTunedInt8HeadPath = Path.Combine("models", "moe-head-finetuned-int8.onnx");

    /// <summary>The fine-tuned encoder converted with int8 dense layers (faster) and the head trained on its embeddings, under <paramref name="root"/>.</summary>
    public static MoeModelFiles FineTunedInt8Under(string root) => FineTunedUnder(root) with
    {
        EncoderPath = Path.Combine(root, FineTunedEncoderConverter.DefaultInt8OutputPath),
        HeadPath = Path.Combine(root, FineTunedInt8HeadPath),
        Precision = EncoderPrecision.Int8,
    };

    /// <summary>The int8 fine-tuned files under the current directory.</summary>
    public static MoeModelFiles FineTunedInt8 => FineTunedInt8Under(".");

    /// <summary>Converts the encoder if it is missing or older than its TF.js source.</summary>
    public void EnsureEncoder()
    {
        if (!File.Exists(EncoderPath) && !Directory.Exists(EncoderTfjsDirectory))
            throw new FileNotFoundException(
                $"The encoder is missing: neither {EncoderPath} nor its source {EncoderTfjsDirectory} exists (run `make setup`).", EncoderPath);
        if (Directory.Exists(EncoderTfjsDirectory))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(EncoderPath))!);
            if (EncoderDeltaPath is null) EncoderConverter.ConvertIfStale(EncoderTfjsDirectory, EncoderPath, Precision);
            else FineTunedEncoderConverter.ConvertIfStale(EncoderTfjsDirectory, EncoderDeltaPath, EncoderPath, Precision);
        }
    }
}
