namespace ExtProcRouter.Configuration;

/// <summary>Which <see cref="IntentModel.IIntentClassifier"/> routers use, by its registered name.</summary>
/// <param name="ConversationCacheEntries">
/// Encoder windows of conversation texts each ONNX classifier keeps for later requests of the same conversation
/// (<see cref="IntentModel.Moe.TokenWindowEmbeddingCache"/>); 0 turns the cache off. Read when a classifier loads.
/// </param>
public sealed record IntentModelConfig(string Classifier, RemoteClassifierConfig? RemoteModel = null,
    int ConversationCacheEntries = IntentModel.Moe.TokenWindowEmbeddingCache.DefaultCapacity)
{
    public const string Keyword = "keyword";
    public const string Onnx = "onnx";
    public const string Remote = "remote";

    /// <summary>The mixture-of-experts head over the fine-tuned encoder (base weights + models/use-lite-finetuned.delta16).</summary>
    public const string OnnxFineTuned = "onnx-finetuned";

    /// <summary>The same over the fine-tuned encoder converted with int8 dense layers, with the head trained on its embeddings.</summary>
    public const string OnnxFineTunedInt8 = "onnx-finetuned-int8";

    public static readonly IReadOnlyList<string> KnownClassifiers = [Keyword, Onnx, OnnxFineTuned, OnnxFineTunedInt8, Remote];

    public static readonly IntentModelConfig Default = new(Keyword);
}
