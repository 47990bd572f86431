using ExtProcRouter.IntentModel;

namespace ExtProcRouter.WebConsole;

/// <summary>The answer of <c>POST /api/console/route</c>: the decision a real <c>router:</c> request would get, and why.</summary>
/// <param name="Task">The selected route: the task that serves, or <c>fallback</c>.</param>
/// <param name="MatchedTask">The task the classifier matched, even when its pool was unavailable; null when none matched.</param>
/// <param name="Confidence">The classifier's confidence in its answer; null when it did not run.</param>
/// <param name="Classifier">The classifier's name, e.g. <c>keyword</c> or <c>onnx</c>.</param>
/// <param name="Preference">The matched task's selection policy (<c>cheapest</c>, <c>fastest</c>, <c>optimal</c>, <c>manual</c>).</param>
/// <param name="DecisionMs">How long the decision took, classification included.</param>
/// <param name="Candidates">The matched task's pool in ranked order; empty when no task matched.</param>
/// <param name="FallbackModels">The router's fallback models in order.</param>
/// <param name="Scores">The classifier's per-task scores (scale depends on the classifier).</param>
public sealed record RouteExplanation(
    string Router,
    string Task,
    string? MatchedTask,
    bool Fallback,
    double? Confidence,
    string Classifier,
    string Model,
    string Provider,
    string? Preference,
    double DecisionMs,
    IReadOnlyList<RouteCandidate> Candidates,
    IReadOnlyList<RouteCandidate> FallbackModels,
    IReadOnlyList<RouteScore> Scores);
