namespace ExtProcRouter.IntentModel;

/// <summary>The outcome of classifying one conversation against a router's routes.</summary>
/// <param name="Route">The chosen route's name, or <see cref="Other"/> when no offered route fits.</param>
/// <param name="Confidence">The classifier's confidence in <paramref name="Route"/>, in [0, 1].</param>
/// <param name="Scores">Per-route scores in the order the routes were offered.</param>
/// <param name="Elapsed">Time the classifier spent deciding.</param>
public sealed record IntentDecision(string Route, double Confidence, IReadOnlyList<RouteScore> Scores, TimeSpan Elapsed)
{
    /// <summary>The route name meaning "none of the offered routes fits" (the router then uses its fallback).</summary>
    public const string Other = "other";

    public bool IsOther => string.Equals(Route, Other, StringComparison.Ordinal);
}
