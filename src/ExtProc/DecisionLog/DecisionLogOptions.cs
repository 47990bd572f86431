namespace ExtProcRouter.DecisionLog;

/// <summary>Where the decision log goes and what it may contain.</summary>
/// <param name="Path">File to append JSON lines to; <c>-</c> for standard output.</param>
/// <param name="IncludePromptText">Log the latest user message. Off by default: prompts may hold personal data.</param>
/// <param name="Capacity">Lines buffered before new ones are dropped (counted) rather than blocking a request.</param>
public sealed record DecisionLogOptions(string Path, bool IncludePromptText = false, int Capacity = 10_000);
