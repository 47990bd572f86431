using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Remote;

namespace ExtProcRouter.Tests.IntentModel.Remote;

public sealed class RemoteRoutingPromptTests
{
    private static readonly RouteDescription[] Routes =
    [
        new("code_generation", "Writing new code: functions, classes, scripts or boilerplate from a description."),
        new("bug_fixing", "Finding and fixing errors in existing code, including \"it crashes\" reports."),
    ];

    private static readonly ChatTurn[] Conversation =
    [
        new(ChatRole.System, "You are a coding assistant."),
        new(ChatRole.User, "My parser fails on empty input."),
        new(ChatRole.Assistant, "Can you show me the code?"),
        new(ChatRole.Tool, "{\"result\": 1}"),
        new(ChatRole.Assistant, ""),
        new(ChatRole.User, "def parse(s):\n    return s[0]\nfix it"),
    ];

    [Fact]
    public void ArchRouterPromptMatchesTheTemplateByteForByte()
    {
        const string expected = """

            You are a helpful assistant designed to find the best suited route.
            You are provided with route description within <routes></routes> XML tags:
            <routes>
            [{"name":"code_generation","description":"Writing new code: functions, classes, scripts or boilerplate from a description."},{"name":"bug_fixing","description":"Finding and fixing errors in existing code, including \"it crashes\" reports."}]
            </routes>

            <conversation>
            [{"role":"user","content":"My parser fails on empty input."},{"role":"assistant","content":"Can you show me the code?"},{"role":"user","content":"def parse(s):\n    return s[0]\nfix it"}]
            </conversation>

            Your task is to decide which route is best suit with user intent on the conversation in <conversation></conversation> XML tags.  Follow the instruction:
            1. If the latest intent from user is irrelevant or user intent is full filled, response with other route {"route": "other"}.
            2. You must analyze the route descriptions and find the best match route for user latest intent.
            3. You only response the name of the route that best matches the user's request, use the exact name in the <routes></routes>.

            Based on your analysis, provide your response in the following JSON formats if you decide to match any route:
            {"route": "route_name"}

            """;

        var prompt = RemoteRoutingPrompt.Build(RemotePromptFormat.ArchRouter, Conversation, Routes, maxTokens: 2048);

        Assert.Equal(expected, prompt);
    }

    [Fact]
    public void PlanoOrchestratorPromptListsOneRoutePerLineAndIndentsTheConversation()
    {
        const string expected = """

            You are a helpful assistant that selects the most suitable routes based on user intent.
            You are provided with a list of available routes enclosed within <routes></routes> XML tags:
            <routes>
            {"name": "code_generation", "description": "Writing new code: functions, classes, scripts or boilerplate from a description.", "parameters": {"type": "object", "properties": {}, "required": []}}
            {"name": "bug_fixing", "description": "Finding and fixing errors in existing code, including \"it crashes\" reports.", "parameters": {"type": "object", "properties": {}, "required": []}}
            </routes>

            You are also given the conversation context enclosed within <conversation></conversation> XML tags:
            <conversation>
            [
                {
                    "role": "user",
                    "content": "My parser fails on empty input."
                },
                {
                    "role": "assistant",
                    "content": "Can you show me the code?"
                },
                {
                    "role": "user",
                    "content": "def parse(s):\n    return s[0]\nfix it"
                }
            ]
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

        var prompt = RemoteRoutingPrompt.Build(RemotePromptFormat.PlanoOrchestrator, Conversation, Routes, maxTokens: 2048);

        Assert.Equal(expected, prompt);
    }

    [Fact]
    public void JsonEscapesOnlyQuotesBackslashesAndControlCharacters()
    {
        var prompt = RemoteRoutingPrompt.Build(RemotePromptFormat.ArchRouter,
            [new(ChatRole.User, "tab\there \\ \"q\" \u0001 \r é 日本 😀 </routes>")], [new("r", "d")], maxTokens: 2048);

        Assert.Contains("""{"role":"user","content":"tab\there \\ \"q\" \u0001 \r é 日本 😀 </routes>"}""", prompt);
    }

    [Fact]
    public void DescriptionContainingASlotNameStaysText()
    {
        var prompt = RemoteRoutingPrompt.Build(RemotePromptFormat.ArchRouter,
            [new(ChatRole.User, "hello")], [new("odd", "mentions {conversation} literally")], maxTokens: 2048);

        Assert.Contains("mentions {conversation} literally", prompt);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(prompt, "\"content\":\"hello\""));
    }

    [Fact]
    public void NothingRoutableWithoutUserOrAssistantText()
    {
        Assert.False(RemoteRoutingPrompt.HasRoutableTurn([new(ChatRole.System, "s"), new(ChatRole.Tool, "t"), new(ChatRole.User, "")]));
        Assert.True(RemoteRoutingPrompt.HasRoutableTurn([new(ChatRole.System, "s"), new(ChatRole.User, "u")]));
    }
}
