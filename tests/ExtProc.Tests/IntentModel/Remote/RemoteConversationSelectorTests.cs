using ExtProcRouter.IntentModel;
using System.Text;
using ExtProcRouter.IntentModel.Remote;

namespace ExtProcRouter.Tests.IntentModel.Remote;

public sealed class RemoteConversationSelectorTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public void DropsSystemDeveloperToolAndEmptyMessages()
    {
        var selected = RemoteConversationSelector.Select(
        [
            new(ChatRole.System, "s"), new(ChatRole.Developer, "d"), new(ChatRole.User, "u1"), new(ChatRole.Tool, "t"),
            new(ChatRole.Assistant, ""), new(ChatRole.Assistant, "a1"), new(ChatRole.User, "u2"),
        ], templateBytes: 0, maxTokens: 1000);

        Assert.Equal(["u1", "a1", "u2"], selected.Select(turn => turn.Text));
    }

    [Fact]
    public void OverflowingAssistantTurnEndsTheWalkAndIsDropped()
    {
        var selected = RemoteConversationSelector.Select(
        [
            new(ChatRole.User, new string('a', 40)), new(ChatRole.Assistant, new string('b', 400)), new(ChatRole.User, new string('c', 40)),
        ], templateBytes: 0, maxTokens: 50);

        Assert.Equal([new string('c', 40)], selected.Select(turn => turn.Text));
    }

    [Fact]
    public void OverflowingUserTurnIsKeptAndOlderTurnsAreNot()
    {
        var selected = RemoteConversationSelector.Select(
        [
            new(ChatRole.User, "oldest"), new(ChatRole.User, new string('a', 200)), new(ChatRole.Assistant, new string('b', 40)),
            new(ChatRole.User, new string('c', 40)),
        ], templateBytes: 0, maxTokens: 25);

        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], selected.Select(turn => turn.Role));
        Assert.Equal(new string('a', 200), selected[0].Text); // under the clipping floor: kept whole
    }

    [Fact]
    public void TemplateLengthCountsAgainstTheBudget()
    {
        ChatTurn[] conversation = [new(ChatRole.Assistant, new string('a', 40)), new(ChatRole.User, new string('c', 40))];

        Assert.Equal(2, RemoteConversationSelector.Select(conversation, templateBytes: 0, maxTokens: 20).Count);
        Assert.Single(RemoteConversationSelector.Select(conversation, templateBytes: 4000, maxTokens: 1010));
    }

    [Fact]
    public void HugeLatestUserMessageIsMiddleTrimmedToTheBudget()
    {
        var text = "HEAD-" + new string('x', 20_000) + "-TAIL";

        var selected = RemoteConversationSelector.Select([new(ChatRole.User, text)], templateBytes: 400, maxTokens: 1100);

        var kept = Assert.Single(selected).Text;
        Assert.StartsWith("HEAD-", kept);
        Assert.EndsWith("-TAIL", kept);
        Assert.Contains("…", kept);
        Assert.True(Encoding.UTF8.GetByteCount(kept) <= (1100 - 100) * 4);
    }
}
