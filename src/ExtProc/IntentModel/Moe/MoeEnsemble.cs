namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// Several heads trained with different seeds (and seeded train samples), combined by averaging their probabilities.
/// The C# reference of the exported ensemble graph.
/// </summary>
/// <remarks>
/// Why: heads of one recipe differ by 1-2 macro points between seeds, and on which cases they get wrong; the average
/// of four scored above every one of them (model card, "Head ensemble").
/// </remarks>
public static class MoeEnsemble
{
    /// <summary>
    /// Writes routes + 1 values: one member's logits as they are, or for several the log of the members' mean
    /// probabilities (a softmax of them gives that mean back, so callers treat both alike).
    /// </summary>
    public static void Forward(IReadOnlyList<MoeHeadWeights> members, MoeInput input, Span<float> output)
    {
        if (members.Count == 1)
        {
            MoeHead.Forward(members[0], input, output);
            return;
        }
        var count = input.RouteCount + 1;
        var mean = new float[count];
        var member = new float[count];
        foreach (var weights in members)
        {
            MoeHead.Forward(weights, input, member);
            MoeHead.Softmax(member);
            for (var i = 0; i < count; i++) mean[i] += member[i];
        }
        for (var i = 0; i < count; i++) output[i] = MathF.Log(mean[i] / members.Count);
    }
}
