namespace ExtProcRouter.WebConsole;

/// <summary>
/// The answer of <c>POST /api/console/send</c>: what a client got from the front door for the Playground's conversation.
/// </summary>
/// <param name="Status">The front door's HTTP status; 502 when it could not be reached.</param>
/// <param name="Model">The served model (<c>x-model-router-model</c>).</param>
/// <param name="Task">The selected route (<c>x-model-router-selected-route</c>).</param>
/// <param name="CostUsd">The estimated cost (<c>x-model-router-cost-usd</c>), as the header spells it.</param>
/// <param name="LatencyMs">From sending to the whole answer read, as the sidecar saw it.</param>
/// <param name="Content">The first choice's message text, on success.</param>
/// <param name="Error">The OpenAI-style error's message (or why the front door was unreachable), on failure.</param>
public sealed record PlaygroundReply(
    int Status,
    string? Model,
    string? Task,
    string? CostUsd,
    double LatencyMs,
    string? Content,
    long? InputTokens,
    long? OutputTokens,
    string? Error);
