using ExtProcRouter.Processing;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.WebConsole;

/// <summary>Request records as the processor would hand them over, with only what a test cares about set.</summary>
internal static class ScriptedRecords
{
    public static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public static RequestRecord Routed(DateTimeOffset startedAt, string model, string route, decimal? cost = null,
        double? ttftMs = null, int status = 200, double? decisionMs = null) => new(
            "router:demo", model, "simulated", route, status, false, new TokenUsage(10, 20, null), startedAt,
            ttftMs is { } t ? TimeSpan.FromMilliseconds(t) : null, TimeSpan.FromMilliseconds(50), RequestOutcome.Completed,
            Router: "demo", Fallback: route == "fallback",
            DecisionLatency: decisionMs is { } d ? TimeSpan.FromMilliseconds(d) : null, CostUsd: cost);

    public static RequestRecord Direct(DateTimeOffset startedAt, string model, int status = 200, RequestOutcome outcome = RequestOutcome.Completed) => new(
        model, status >= 400 ? null : model, "simulated", null, status, false, default, startedAt, null, TimeSpan.FromMilliseconds(5), outcome);
}
