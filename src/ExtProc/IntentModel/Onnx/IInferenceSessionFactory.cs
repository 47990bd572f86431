namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>Creates inference sessions; with <see cref="IInferenceSession"/> the whole surface a different runtime binding must provide.</summary>
public interface IInferenceSessionFactory
{
    IInferenceSession CreateSession(string modelPath, OnnxSessionOptions? options = null);

    IInferenceSession CreateSession(ReadOnlySpan<byte> model, OnnxSessionOptions? options = null);
}
