using ExtProcRouter.IntentModel;
using ExtProcRouter.IntentModel.Conversation;
using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.Tests.IntentModel.Moe;

public sealed class MoeFeatureBuilderTests
{
    private static float[] Basis(int index, int other = -1, float mix = 0f)
    {
        var vector = new float[MoeFeatureLayout.EmbeddingWidth];
        vector[index] = 1f;
        if (other >= 0)
        {
            vector[index] = MathF.Sqrt(1 - mix * mix);
            vector[other] = mix;
        }
        return vector;
    }

    private static readonly RouteDescription[] Routes =
    [
        new("bug_fixing", "Find and fix bugs in code"),
        new("weather", "Report the weather forecast for a city"),
    ];

    [Fact]
    public void SignalsOfASingleTurnRequestMatchTheGoldenValues()
    {
        var views = ConversationViews.From([ChatTurn.User("Can you fix the bugs in this code?")]);

        var input = MoeFeatureBuilder.Build(views, MoeFeatureBuilder.InstructionText(views), 1, Routes, Basis(0, 1, 0.6f), null, null, null, [Basis(0), Basis(1)]);

        var bug = input.RouteSignals.AsSpan(0, MoeFeatureLayout.RouteSignalCount).ToArray();
        var weather = input.RouteSignals.AsSpan(MoeFeatureLayout.RouteSignalCount, MoeFeatureLayout.RouteSignalCount).ToArray();
        Assert.Equal(0.8f, bug[0], 5);            // cosine latest/route
        Assert.Equal(0.6f, weather[0], 5);
        Assert.Equal(0f, bug[3], 5);              // best route: no gap to the best
        Assert.Equal(-0.2f, weather[3], 5);
        Assert.Equal(0f, bug[1]);                 // no earlier user turn
        Assert.Equal(0.75f, bug[6], 5);           // fix, bug, code of find/fix/bug/code
        Assert.Equal(0f, weather[6]);
        Assert.Equal(1f, bug[8]);                 // route name words both in the message
        Assert.Equal(0f, bug[9]);                 // has previous
        Assert.Equal(1f, bug[15]);                // question form
        Assert.Equal(0.1f, bug[16], 5);           // one turn
        Assert.Equal(0.8f, input.CaseSignals[0], 5);
        Assert.Equal(0.2f, input.CaseSignals[1], 5);
        Assert.All(input.Previous, v => Assert.Equal(0f, v));
        Assert.Same(input.Latest, input.Instruction);   // no code: the instruction view is the message itself
        Assert.Equal(bug[0], bug[20]);
        Assert.Equal(bug[6], bug[22]);
        Assert.Equal(0f, bug[23]);
        Assert.Equal(0f, bug[24]);
        Assert.Equal(0f, input.CaseSignals[11]);           // the "other" logit does not get the best latest cosine twice
    }

    [Fact]
    public void AnInstructionAfterCodeGetsItsOwnEmbeddingAndSignals()
    {
        var views = ConversationViews.From([ChatTurn.User("def f(xs):\n    return xs[0]\n\nFix the bugs in f.")]);
        var instruction = MoeFeatureBuilder.InstructionText(views);
        Assert.Equal("Fix the bugs in f.", instruction);
        Assert.True(MoeFeatureBuilder.IsSeparateInstruction(views, instruction));

        var input = MoeFeatureBuilder.Build(views, instruction, 1, Routes, Basis(1), null, null, Basis(0), [Basis(0), Basis(1)]);

        var bug = input.RouteSignals.AsSpan(0, MoeFeatureLayout.RouteSignalCount).ToArray();
        var weather = input.RouteSignals.AsSpan(MoeFeatureLayout.RouteSignalCount, MoeFeatureLayout.RouteSignalCount).ToArray();
        Assert.Equal(0f, bug[0], 5);              // the whole message points elsewhere ...
        Assert.Equal(1f, bug[20], 5);             // ... its instruction at the bug route
        Assert.Equal(0f, bug[21], 5);
        Assert.Equal(-1f, weather[21], 5);
        Assert.Equal(0.5f, bug[22], 5);           // fix, bug of find/fix/bug/code
        Assert.Equal(1f, bug[23]);
        Assert.Equal(0f, bug[24]);
        Assert.Equal(1f, input.CaseSignals[11], 5);        // best instruction cosine
        Assert.Equal(1f, input.CaseSignals[12]);
        var row = new float[MoeFeatureLayout.InputWidth];
        input.WriteFeatures(0, row);
        Assert.Equal(MoeFeatureLayout.ProductScale, row[3 * MoeFeatureLayout.EmbeddingWidth]);
    }

    [Fact]
    public void AMessageThatIsOnlyCodeHasAZeroInstructionView()
    {
        var views = ConversationViews.From([ChatTurn.User("```\nSELECT city FROM Addresses\n```")]);
        var instruction = MoeFeatureBuilder.InstructionText(views);
        Assert.False(MoeFeatureBuilder.IsSeparateInstruction(views, instruction));

        var input = MoeFeatureBuilder.Build(views, instruction, 1, Routes, Basis(0), null, null, null, [Basis(0), Basis(1)]);

        Assert.All(input.Instruction, v => Assert.Equal(0f, v));
        Assert.Equal(0f, input.RouteSignals[20]);
        Assert.Equal(1f, input.RouteSignals[24]);
    }

    [Fact]
    public void AFollowUpCarriesItsContextSignals()
    {
        var views = ConversationViews.From([
            ChatTurn.User("My function crashes with an IndexError"),
            ChatTurn.Assistant("def f(xs): return xs[len(xs)] ; # index out of range () {} [] =="),
            ChatTurn.User("fix it"),
        ]);

        var input = MoeFeatureBuilder.Build(views, MoeFeatureBuilder.InstructionText(views), 3, Routes, Basis(2), Basis(0), Basis(3), null, [Basis(0), Basis(1)]);

        var bug = input.RouteSignals.AsSpan(0, MoeFeatureLayout.RouteSignalCount).ToArray();
        Assert.Equal(1f, bug[1], 5);              // earlier user turn matches the bug route
        Assert.Equal(1f, bug[9]);
        Assert.Equal(1f, bug[10]);
        Assert.Equal(1f, bug[11]);                // "fix it" is short
        Assert.Equal(1f, bug[14]);                // code in the context
        Assert.Equal(0f, bug[13]);                // none in the latest message
        Assert.Equal(1f, input.CaseSignals[5]);
    }

    [Fact]
    public void FeatureRowsScaleTheViewProductsAndAppendTheSignals()
    {
        var views = ConversationViews.From([ChatTurn.User("hello")]);
        var input = MoeFeatureBuilder.Build(views, MoeFeatureBuilder.InstructionText(views), 1, Routes, Basis(0), null, null, null, [Basis(0), Basis(1)]);
        var row = new float[MoeFeatureLayout.InputWidth];

        input.WriteFeatures(0, row);

        Assert.Equal(MoeFeatureLayout.ProductScale, row[0]);
        Assert.Equal(0f, row[MoeFeatureLayout.EmbeddingWidth]);
        Assert.Equal(input.RouteSignals[0], row[MoeFeatureLayout.ViewCount * MoeFeatureLayout.EmbeddingWidth]);
    }
}
