namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>
/// One entry of the ordered execution-provider list: <c>tensorrt</c>, <c>cuda</c> or <c>cpu</c>. Providers are tried
/// in order; one that cannot be enabled (typically because its library is missing) is skipped, and the CPU provider
/// always remains as the last resort.
/// </summary>
public sealed record ExecutionProviderOptions
{
    public const string TensorRt = "tensorrt";
    public const string Cuda = "cuda";
    public const string Cpu = "cpu";

    public required string Name { get; init; }

    public int DeviceId { get; init; }

    /// <summary>TensorRT: run in FP16 where the GPU supports it (trt_fp16_enable).</summary>
    public bool Fp16 { get; init; }

    /// <summary>TensorRT: directory for serialized engines (trt_engine_cache_enable + trt_engine_cache_path).</summary>
    public string? EngineCachePath { get; init; }

    /// <summary>Further provider options passed through verbatim (ONNX Runtime's key names, e.g. trt_max_workspace_size).</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    public static ExecutionProviderOptions Of(string name) => new() { Name = name };

    /// <summary>The provider's option keys and values in ONNX Runtime's vocabulary.</summary>
    internal IReadOnlyList<KeyValuePair<string, string>> ToProviderOptions()
    {
        var options = new List<KeyValuePair<string, string>> { new("device_id", DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        if (Name == TensorRt)
        {
            if (Fp16) options.Add(new("trt_fp16_enable", "1"));
            if (!string.IsNullOrEmpty(EngineCachePath))
            {
                options.Add(new("trt_engine_cache_enable", "1"));
                options.Add(new("trt_engine_cache_path", EngineCachePath));
            }
        }
        foreach (var pair in Extra) options.Add(pair);
        return options;
    }
}
