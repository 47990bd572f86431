namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// The layout of the head's input features. Per route: the element-wise products of the route embedding with each
/// conversation view (latest user message, earlier user turns, last assistant turn, the latest message's instruction
/// view), scaled, then
/// <see cref="RouteSignalCount"/> cheap signals. Shared by the C# forward pass, the ONNX export and the feature builder,
/// so that the three cannot drift apart.
/// </summary>
public static class MoeFeatureLayout
{
    public const int EmbeddingWidth = 512;

    /// <summary>Conversation views multiplied with the route embedding.</summary>
    public const int ViewCount = 4;

    /// <summary>
    /// Element-wise products of two unit vectors are ~1/512 each; scaling them brings them to the range of the
    /// signals, which keeps one learning rate adequate for both.
    /// </summary>
    public const float ProductScale = 64f;

    public const int RouteSignalCount = 25;

    public const int CaseSignalCount = 13;

    /// <summary>Width of one route's feature row.</summary>
    public const int InputWidth = ViewCount * EmbeddingWidth + RouteSignalCount;
}
