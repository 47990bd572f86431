namespace ExtProcRouter.IntentModel.Encoder;

/// <summary>
/// The names of the USE-Lite TF.js weights the encoder is rebuilt from, in one place for everything that reads or
/// writes them (the ONNX converter, the trainable encoder and its export).
/// </summary>
/// <remarks>
/// Layer norms, attention and FFN weights exist once per transformer layer (0 and 1); the layer norm before
/// attention has an empty block, the one before the FFN the block "FFN/". The 1x1 Conv2D attention kernels are
/// stored as [1, 1, in, out].
/// </remarks>
public static class UseLiteWeightNames
{
    private const string Apply = "module_apply_default/Encoder_en/KonaTransformer/Encode/";
    private const string Stack = Apply + "TransformerStack/";
    private const string Variables = "module/Encoder_en/KonaTransformer/Encode/";

    /// <summary>The layer norm in front of the attention block (pass to <see cref="LayerNormScale"/>).</summary>
    public const string AttentionBlock = "";

    /// <summary>The layer norm in front of the feed-forward block.</summary>
    public const string FeedForwardBlock = "FFN/";

    public const string Embeddings = "module/Embeddings_en";
    public const string InverseTimescales = Stack + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1";
    public const string AttentionBiasScale = Stack + "Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y";
    public const string LayerNormEpsilon = Stack + "Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x";
    public const string HeadCount = Stack + "Layer_1/TransformerLayer/MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2";
    public const string ResidualKernel = Apply + "Layer_0/TransformerLayer/dense/kernel/ConcatPartitions/concat";
    public const string ResidualBias = Apply + "Layer_0/TransformerLayer/dense/bias/ConcatPartitions/concat";
    public const string TanhKernel = "module/Encoder_en/hidden_layers/tanh_layer_0/weights";
    public const string TanhBias = "module/Encoder_en/hidden_layers/tanh_layer_0/bias";
    public const string L2Floor = "module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y";

    public static string LayerNormScale(int layer, string block) => $"{Apply}Layer_{layer}/TransformerLayer/{block}layer_prepostprocess/layer_norm/layer_norm_scale/ConcatPartitions/concat";

    public static string LayerNormBias(int layer, string block) => $"{Apply}Layer_{layer}/TransformerLayer/{block}layer_prepostprocess/layer_norm/layer_norm_bias/ConcatPartitions/concat";

    public static string QkvKernel(int layer) => $"{Variables}Layer_{layer}/TransformerLayer/MultiheadAttention/qkv_transform_single/kernel/part_0";

    public static string QkvBias(int layer) => $"{Apply}Layer_{layer}/TransformerLayer/MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat";

    public static string AttentionOutputKernel(int layer) => $"{Variables}Layer_{layer}/TransformerLayer/MultiheadAttention/output_transform_single/kernel/part_0";

    public static string AttentionOutputBias(int layer) => $"{Apply}Layer_{layer}/TransformerLayer/MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat";

    /// <summary>The stored scale of the queries (1/sqrt(head size)).</summary>
    public static string AttentionQueryScale(int layer) => $"{Stack}Layer_{layer}/TransformerLayer/MultiheadAttention/mul/y";

    public static string FeedForwardInnerKernel(int layer) => $"{Stack}Layer_{layer}/TransformerLayer/FFN/conv1/Tensordot/Reshape_1";

    public static string FeedForwardInnerBias(int layer) => $"{Apply}Layer_{layer}/TransformerLayer/FFN/conv1/bias/ConcatPartitions/concat";

    public static string FeedForwardOuterKernel(int layer) => $"{Stack}Layer_{layer}/TransformerLayer/FFN/conv2/Tensordot/Reshape_1";

    public static string FeedForwardOuterBias(int layer) => $"{Apply}Layer_{layer}/TransformerLayer/FFN/conv2/bias/ConcatPartitions/concat";
}
