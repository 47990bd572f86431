using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.Tests.IntentModel.Moe;

public sealed class ViewTextsTests
{
    private static readonly RouteDescription[] Routes = [new("bug_fixing", "Find and fix bugs."), new("code_explanation", "Explain code.")];

    [Fact]
    public void AFollowUpWithCodeEmbedsLatestPreviousAssistantAndItsInstructionInThatOrder()
    {
        var views = ConversationViews.From(
        [
            ChatTurn.User("My parser fails."),
            ChatTurn.Assistant("Which input?"),
            ChatTurn.User("This one:\n```python\ndef parse(s):\n    return int(s)\n```\nFix it please."),
        ]);

        var texts = ViewTexts.From(views).ToEmbed().ToArray();

        Assert.Equal([views.LatestUserMessage, "My parser fails.", "Which input?", "This one:\nFix it please."], texts);
    }

    [Fact]
    public void AMessageWithoutCodeIsEmbeddedOnceAndStandsForItsInstruction()
    {
        var viewTexts = ViewTexts.From(ConversationViews.From([ChatTurn.User("Why is the sky blue?")]));
        var asked = new List<string>();

        var input = viewTexts.Build(1, Routes, text =>
        {
            asked.Add(text);
            return Unit(asked.Count);
        }, [Unit(0), Unit(1)]);

        Assert.Equal(["Why is the sky blue?"], viewTexts.ToEmbed());
        Assert.Equal(["Why is the sky blue?"], asked);
        Assert.Equal(2, input.RouteCount);
    }

    private static float[] Unit(int axis)
    {
        var vector = new float[MoeFeatureLayout.EmbeddingWidth];
        vector[axis] = 1;
        return vector;
    }
}
