using ExtProcRouter.IntentModel.Onnx;

namespace ExtProcRouter.Tests.IntentModel.Onnx;

/// <summary>One ONNX Runtime environment shared by a test class (loading the library once keeps the suite fast).</summary>
public sealed class OnnxRuntimeFixture : IDisposable
{
    public OnnxRuntimeFixture()
    {
        Logger = new RecordingLogger();
        Environment = new OnnxRuntimeEnvironment(logger: Logger);
    }

    public OnnxRuntimeEnvironment Environment { get; }

    internal RecordingLogger Logger { get; }

    public void Dispose() => Environment.Dispose();
}
