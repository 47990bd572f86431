namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>An error reported by ONNX Runtime (or found before calling it), with ONNX Runtime's own message.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(string operation, OrtErrorCode code, string runtimeMessage)
        : base($"ONNX Runtime {operation} failed ({code}): {runtimeMessage}")
    {
        Operation = operation;
        Code = code;
        RuntimeMessage = runtimeMessage;
    }

    /// <summary>What was being done, e.g. "CreateSession" or "Run".</summary>
    public string Operation { get; }

    public OrtErrorCode Code { get; }

    /// <summary>The message exactly as ONNX Runtime reported it.</summary>
    public string RuntimeMessage { get; }
}
