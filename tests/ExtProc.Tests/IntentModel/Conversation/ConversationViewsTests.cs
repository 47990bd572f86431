using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;

namespace ExtProcRouter.Tests.IntentModel.Conversation;

public sealed class ConversationViewsTests
{
    [Fact]
    public void Splits_latest_user_message_earlier_user_turns_and_last_assistant_turn()
    {
        ChatTurn[] conversation =
        [
            ChatTurn.User("My function crashes on empty lists."),
            ChatTurn.Assistant("Can you show the code?"),
            ChatTurn.User("def f(xs): return xs[0]"),
            ChatTurn.Assistant("It indexes xs[0] without a check."),
            ChatTurn.User("fix it"),
        ];
        var views = ConversationViews.From(conversation);
        Assert.Equal("fix it", views.LatestUserMessage);
        Assert.Equal(["My function crashes on empty lists.", "def f(xs): return xs[0]"], views.PreviousUserMessages);
        Assert.Equal("It indexes xs[0] without a check.", views.LastAssistantMessage);
        Assert.True(views.HasContext);
    }

    [Fact]
    public void Single_request_has_no_context()
    {
        var views = ConversationViews.From([ChatTurn.User("What's the weather in Paris?")]);
        Assert.Equal("What's the weather in Paris?", views.LatestUserMessage);
        Assert.Empty(views.PreviousUserMessages);
        Assert.Null(views.LastAssistantMessage);
        Assert.False(views.HasContext);
    }

    [Fact]
    public void Assistant_turns_after_the_latest_user_message_are_ignored()
    {
        var views = ConversationViews.From([ChatTurn.User("hi"), ChatTurn.Assistant("hello!")]);
        Assert.Equal("hi", views.LatestUserMessage);
        Assert.Null(views.LastAssistantMessage);
    }

    [Fact]
    public void No_user_message_gives_an_empty_latest_message()
    {
        var views = ConversationViews.From([ChatTurn.Assistant("hello")]);
        Assert.Equal(string.Empty, views.LatestUserMessage);
        Assert.False(views.HasContext);
    }
}
