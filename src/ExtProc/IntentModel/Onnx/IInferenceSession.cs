namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>
/// A loaded model that can be run. Kept small so that the official Microsoft.ML.OnnxRuntime package could implement
/// it where that package exists. Implementations are safe to run from several threads at once.
/// </summary>
public interface IInferenceSession : IDisposable
{
    IReadOnlyList<string> InputNames { get; }

    IReadOnlyList<string> OutputNames { get; }

    /// <summary>The execution providers actually enabled, in priority order (always ends with <c>cpu</c>).</summary>
    IReadOnlyList<string> ExecutionProviders { get; }

    /// <summary>
    /// Runs the model. Input buffers are used in place (pinned, not copied) for the duration of the call. The caller
    /// disposes the returned results, which own the output buffers.
    /// </summary>
    InferenceResults Run(ReadOnlySpan<InferenceInput> inputs, ReadOnlySpan<string> outputNames, CancellationToken cancellationToken = default);
}
