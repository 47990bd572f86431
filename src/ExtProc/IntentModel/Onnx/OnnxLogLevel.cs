namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>Minimum severity of ONNX Runtime's own log messages (enum OrtLoggingLevel).</summary>
public enum OnnxLogLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
