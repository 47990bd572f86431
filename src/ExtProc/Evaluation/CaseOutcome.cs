namespace ExtProcRouter.Evaluation;

/// <summary>What a classifier answered for one case and how long it took (trim + classify).</summary>
/// <param name="Error">Set when the classifier threw; <paramref name="Predicted"/> is then <see cref="ErrorPrediction"/>.</param>
/// <param name="Scores">The classifier's score for every offered route (null when it threw).</param>
public sealed record CaseOutcome(RoutingCase Case, string Predicted, double Confidence, TimeSpan Latency, string? Error = null,
    IReadOnlyList<IntentModel.RouteScore>? Scores = null)
{
    public const string ErrorPrediction = "<error>";

    public bool IsStrictlyCorrect => Case.IsStrictlyCorrect(Predicted);

    public bool IsLenientlyCorrect => Case.IsLenientlyCorrect(Predicted);
}
