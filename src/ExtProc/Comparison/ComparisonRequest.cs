using ExtProcRouter.IntentModel;

namespace ExtProcRouter.Comparison;

/// <summary>One chat completion to send through the front door.</summary>
/// <param name="Model">A configured model, or <c>router:&lt;name&gt;</c>.</param>
/// <param name="Stream">Ask for server-sent events, which is what makes time to first token measurable.</param>
public sealed record ComparisonRequest(string Model, IReadOnlyList<ChatTurn> Messages, bool Stream = false);
