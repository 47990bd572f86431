using System.Text;

namespace ExtProcRouter.IntentModel.Remote;

/// <summary>
/// The single user message sent to the remote routing model, in the exact template of its family (the text the
/// Plano gateway sends; the models were tuned on it, so even its grammar slips and double spaces are kept).
/// Pure functions, pinned by golden tests.
/// </summary>
public static class RemoteRoutingPrompt
{
    private const string RoutesSlot = "{routes}";
    private const string ConversationSlot = "{conversation}";

    internal const string ArchRouterTemplate = """

        You are a helpful assistant designed to find the best suited route.
        You are provided with route description within <routes></routes> XML tags:
        <routes>
        {routes}
        </routes>

        <conversation>
        {conversation}
        </conversation>

        Your task is to decide which route is best suit with user intent on the conversation in <conversation></conversation> XML tags.  Follow the instruction:
        1. If the latest intent from user is irrelevant or user intent is full filled, response with other route {"route": "other"}.
        2. You must analyze the route descriptions and find the best match route for user latest intent.
        3. You only response the name of the route that best matches the user's request, use the exact name in the <routes></routes>.

        Based on your analysis, provide your response in the following JSON formats if you decide to match any route:
        {"route": "route_name"}

        """;

    // The doubled braces are literal: that is the text Plano-Orchestrator was trained with.
    internal const string PlanoOrchestratorTemplate = """

        You are a helpful assistant that selects the most suitable routes based on user intent.
        You are provided with a list of available routes enclosed within <routes></routes> XML tags:
        <routes>
        {routes}
        </routes>

        You are also given the conversation context enclosed within <conversation></conversation> XML tags:
        <conversation>
        {conversation}
        </conversation>

        ## Instructions
        1. Analyze the latest user intent from the conversation.
        2. Compare it against the available routes to find which routes can help fulfill the request.
        3. Respond only with the exact route names from <routes>.
        4. If no routes can help or the intent is already fulfilled, return an empty list.

        ## Response Format
        Return your answer strictly in JSON as follows:
        {{"route": ["route_name_1", "route_name_2", "..."]}}
        If no routes are needed, return an empty list for `route`.

        """;

    private static readonly int ArchRouterTemplateBytes = Encoding.UTF8.GetByteCount(ArchRouterTemplate);
    private static readonly int PlanoOrchestratorTemplateBytes = Encoding.UTF8.GetByteCount(PlanoOrchestratorTemplate);

    /// <summary>Selects the conversation turns within <paramref name="maxTokens"/> and fills the template.</summary>
    public static string Build(RemotePromptFormat format, IReadOnlyList<ChatTurn> conversation,
        IReadOnlyList<RouteDescription> routes, int maxTokens)
    {
        var (template, templateBytes) = format switch
        {
            RemotePromptFormat.ArchRouter => (ArchRouterTemplate, ArchRouterTemplateBytes),
            RemotePromptFormat.PlanoOrchestrator => (PlanoOrchestratorTemplate, PlanoOrchestratorTemplateBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown prompt format"),
        };
        var turns = RemoteConversationSelector.Select(conversation, templateBytes, maxTokens);

        // Filled by position, not by string replacement, so that a description containing "{conversation}" stays text.
        var routesAt = template.IndexOf(RoutesSlot, StringComparison.Ordinal);
        var conversationAt = template.IndexOf(ConversationSlot, StringComparison.Ordinal);
        var builder = new StringBuilder(template.Length + 256 * routes.Count + turns.Sum(t => t.Text.Length + 32));
        builder.Append(template, 0, routesAt);
        if (format == RemotePromptFormat.ArchRouter)
            PromptJson.AppendCompactRoutes(builder, routes);
        else
            PromptJson.AppendRouteLines(builder, routes);
        builder.Append(template, routesAt + RoutesSlot.Length, conversationAt - routesAt - RoutesSlot.Length);
        if (format == RemotePromptFormat.ArchRouter)
            PromptJson.AppendCompactConversation(builder, turns);
        else
            PromptJson.AppendIndentedConversation(builder, turns);
        builder.Append(template, conversationAt + ConversationSlot.Length, template.Length - conversationAt - ConversationSlot.Length);
        return builder.ToString();
    }

    /// <summary>True when the conversation has at least one turn the routing model would be shown.</summary>
    public static bool HasRoutableTurn(IReadOnlyList<ChatTurn> conversation) =>
        RemoteConversationSelector.Select(conversation, 0, int.MaxValue).Count > 0;
}
