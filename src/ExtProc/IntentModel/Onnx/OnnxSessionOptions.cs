namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>How an inference session is created.</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>Threads used inside one operator (0 lets ONNX Runtime choose).</summary>
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>Threads used across independent operators; 1 keeps execution sequential.</summary>
    public int InterOpThreads { get; init; } = 1;

    public GraphOptimizationLevel GraphOptimization { get; init; } = GraphOptimizationLevel.All;

    /// <summary>
    /// Whether idle intra-op threads spin (lower latency, more CPU). Null keeps ONNX Runtime's default.
    /// </summary>
    public bool? AllowThreadSpinning { get; init; }

    /// <summary>Providers in order of preference; CPU is implied at the end.</summary>
    public IReadOnlyList<ExecutionProviderOptions> ExecutionProviders { get; init; } = [ExecutionProviderOptions.Of(ExecutionProviderOptions.Cpu)];

    /// <summary>Every problem with these options, each naming the offending setting (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (IntraOpThreads < 0) errors.Add($"intra-op threads must be >= 0 (got {IntraOpThreads}).");
        if (InterOpThreads < 0) errors.Add($"inter-op threads must be >= 0 (got {InterOpThreads}).");
        if (!Enum.IsDefined(GraphOptimization)) errors.Add($"graph optimization level {(int)GraphOptimization} is not known.");
        foreach (var provider in ExecutionProviders)
        {
            if (provider.Name is not (ExecutionProviderOptions.TensorRt or ExecutionProviderOptions.Cuda or ExecutionProviderOptions.Cpu))
                errors.Add($"execution provider '{provider.Name}' is not known (use tensorrt, cuda or cpu).");
            if (provider.DeviceId < 0) errors.Add($"execution provider '{provider.Name}': device id must be >= 0.");
        }
        return errors;
    }
}
