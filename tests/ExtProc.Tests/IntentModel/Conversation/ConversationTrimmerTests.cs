using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;
using FsCheck;
using FsCheck.Fluent;

namespace ExtProcRouter.Tests.IntentModel.Conversation;

public sealed class ConversationTrimmerTests
{
    private static ChatTurn U(string text) => ChatTurn.User(text);

    private static ChatTurn A(string text) => ChatTurn.Assistant(text);

    private static string Render(IReadOnlyList<ChatTurn> turns) =>
        string.Join(" | ", turns.Select(t => $"{t.Role.ToString().ToLowerInvariant()}:{t.Text}"));

    [Fact]
    public void Drops_system_developer_tool_unknown_and_textless_messages()
    {
        ChatTurn[] conversation =
        [
            new(ChatRole.System, "You are helpful."),
            U("hello"),
            new(ChatRole.Developer, "be terse"),
            A(""),
            new(ChatRole.Tool, "{\"temp\": 21}"),
            new(ChatRole.Other, "??"),
            A("hi there"),
            U(" "),
        ];
        Assert.Equal("user:hello | assistant:hi there | user: ", Render(ConversationTrimmer.Trim(conversation)));
    }

    [Fact]
    public void Keeps_only_the_last_sixteen_messages()
    {
        var conversation = Enumerable.Range(1, 20).Select(i => i % 2 == 1 ? U($"u{i}") : A($"a{i}")).ToArray();
        var trimmed = ConversationTrimmer.Trim(conversation);
        Assert.Equal(16, trimmed.Count);
        Assert.Equal("u5", trimmed[0].Text);
        Assert.Equal("a20", trimmed[^1].Text);
    }

    [Fact]
    public void Max_messages_counts_only_kept_roles()
    {
        var conversation = new List<ChatTurn> { U("first") };
        conversation.AddRange(Enumerable.Repeat(new ChatTurn(ChatRole.Tool, "noise"), 30));
        conversation.Add(U("last"));
        Assert.Equal("user:first | user:last", Render(ConversationTrimmer.Trim(conversation)));
    }

    [Fact]
    public void Stops_at_the_first_message_over_budget_and_drops_older_ones()
    {
        // Budget 10 tokens = 40 bytes. Newest first: 12 bytes (3) + 16 bytes (4) = 7; the 20-byte assistant
        // message (5) overflows and is not a user message, so it and everything older goes.
        ChatTurn[] conversation = [U("oldest user message"), A(new string('a', 20)), U(new string('u', 16)), U(new string('n', 12))];
        var trimmed = ConversationTrimmer.Trim(conversation, new ConversationTrimOptions { TokenBudget = 10 });
        Assert.Equal($"user:{new string('u', 16)} | user:{new string('n', 12)}", Render(trimmed));
    }

    [Fact]
    public void An_overflowing_user_message_is_middle_trimmed_to_the_remaining_budget()
    {
        // Budget 10 tokens; the newest (assistant, 8 bytes = 2 tokens) fits; 8 tokens = 32 bytes remain for the
        // 98-byte user message: 29 bytes of text around the marker, 17 head + 12 tail.
        var request = "Please look at this: " + new string('x', 60) + " and fix the bug!";
        Assert.Equal(98, request.Length);
        ChatTurn[] conversation = [U("earlier"), U(request), A("thinking")];
        var trimmed = ConversationTrimmer.Trim(conversation, new ConversationTrimOptions { TokenBudget = 10 });
        Assert.Equal("user:Please look at th…fix the bug! | assistant:thinking", Render(trimmed));
    }

    [Fact]
    public void Reserved_tokens_reduce_the_budget()
    {
        ChatTurn[] conversation = [U(new string('a', 40)), U(new string('b', 40))];
        Assert.Equal(2, ConversationTrimmer.Trim(conversation, new ConversationTrimOptions { TokenBudget = 20 }).Count);
        var trimmed = ConversationTrimmer.Trim(conversation, new ConversationTrimOptions { TokenBudget = 20, ReservedTokens = 5 });
        // 5 tokens = 20 bytes remain: 17 of text, 10 head + 7 tail.
        Assert.Equal($"user:{new string('a', 10)}…{new string('a', 7)} | user:{new string('b', 40)}", Render(trimmed));
    }

    [Fact]
    public void A_huge_newest_assistant_message_is_kept_but_capped()
    {
        ChatTurn[] conversation = [U("question"), A(new string('z', 1000))];
        var trimmed = ConversationTrimmer.Trim(conversation, new ConversationTrimOptions { TokenBudget = 10 });
        var only = Assert.Single(trimmed);
        Assert.Equal(ChatRole.Assistant, only.Role);
        Assert.Equal(40, Utf8MiddleTrim.ByteCount(only.Text));
    }

    [Fact]
    public void Empty_and_all_filtered_conversations_give_an_empty_result()
    {
        Assert.Empty(ConversationTrimmer.Trim([]));
        Assert.Empty(ConversationTrimmer.Trim([new ChatTurn(ChatRole.System, "sys")]));
    }

    [Fact]
    public void Multibyte_text_is_budgeted_by_utf8_bytes_not_chars()
    {
        // 40 two-byte chars = 80 bytes = 20 tokens, over a 10-token budget.
        var trimmed = ConversationTrimmer.Trim([U(new string('é', 40))], new ConversationTrimOptions { TokenBudget = 10 });
        Assert.Equal(new string('é', 11) + "…" + new string('é', 7), Assert.Single(trimmed).Text);
    }

    [Fact]
    public void Property_kept_messages_fit_the_budget_and_stay_valid_text()
    {
        var strictUtf8 = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true);
        var text = Gen.OneOf(Gen.Choose(0x20, 0x7E), Gen.Choose(0xE9, 0xE9), Gen.Choose(0x4E00, 0x4E10), Gen.Choose(0x1F600, 0x1F610))
            .ArrayOf()
            .Select(cps => string.Concat(cps.Select(char.ConvertFromUtf32)));
        var turn = text.SelectMany(_ => Gen.Elements(ChatRole.User, ChatRole.Assistant, ChatRole.System, ChatRole.Tool), (t, r) => new ChatTurn(r, t));
        var input = turn.ArrayOf().SelectMany(_ => Gen.Choose(1, 64), (turns, budget) => (turns, budget));
        var property = Prop.ForAll(input.ToArbitrary(), x =>
        {
            var options = new ConversationTrimOptions { TokenBudget = x.budget };
            var trimmed = ConversationTrimmer.Trim(x.turns, options);
            var tokens = trimmed.Sum(t => strictUtf8.GetByteCount(t.Text) / options.BytesPerToken);
            return tokens <= x.budget
                && trimmed.Count <= options.MaxMessages
                && trimmed.All(t => t.Role is ChatRole.User or ChatRole.Assistant && t.Text.Length > 0);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(Replays.Fixed), property);
    }
}
