namespace ExtProcRouter.Configuration;

/// <summary>Which <see cref="IntentModel.IIntentClassifier"/> routers use, by its registered name.</summary>
public sealed record IntentModelConfig(string Classifier, RemoteClassifierConfig? RemoteModel = null)
{
    public const string Keyword = "keyword";
    public const string Onnx = "onnx";
    public const string Remote = "remote";

    public static readonly IReadOnlyList<string> KnownClassifiers = [Keyword, Onnx, Remote];

    public static readonly IntentModelConfig Default = new(Keyword);
}
