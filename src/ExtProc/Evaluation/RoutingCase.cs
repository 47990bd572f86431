using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Evaluation;

/// <summary>One labelled routing case (DESIGN §5): offered routes, a conversation, and the route that fits.</summary>
/// <param name="Expected">An offered route's name, or <see cref="IntentDecision.Other"/>.</param>
/// <param name="AlsoAcceptable">Other answers the lenient score accepts (<c>meta.also_acceptable</c>).</param>
/// <param name="Line">1-based line in the source file, for error messages and reports.</param>
public sealed record RoutingCase(
    string Id,
    string Source,
    IReadOnlyList<RouteDescription> Routes,
    IReadOnlyList<ChatTurn> Messages,
    string Expected,
    string Category,
    IReadOnlyList<string> AlsoAcceptable,
    int Line = 0)
{
    public bool IsStrictlyCorrect(string predicted) => string.Equals(predicted, Expected, StringComparison.Ordinal);

    public bool IsLenientlyCorrect(string predicted) =>
        IsStrictlyCorrect(predicted) || AlsoAcceptable.Contains(predicted, StringComparer.Ordinal);
}
