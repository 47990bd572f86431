namespace ExtProcRouter.IntentModel.Moe;

/// <summary>
/// Everything the head reads for one conversation and its offered routes: four view embeddings, the route
/// embeddings and the cheap signals (see <see cref="MoeFeatureLayout"/>). Absent views are zero vectors.
/// </summary>
public sealed class MoeInput
{
    public MoeInput(float[] latest, float[] previous, float[] assistant, float[] instruction, float[][] routes, float[] routeSignals,
        float[] caseSignals)
    {
        if (latest.Length != MoeFeatureLayout.EmbeddingWidth || previous.Length != MoeFeatureLayout.EmbeddingWidth ||
            assistant.Length != MoeFeatureLayout.EmbeddingWidth || instruction.Length != MoeFeatureLayout.EmbeddingWidth)
            throw new ArgumentException($"View embeddings must have {MoeFeatureLayout.EmbeddingWidth} values.");
        if (routeSignals.Length != routes.Length * MoeFeatureLayout.RouteSignalCount)
            throw new ArgumentException($"Expected {routes.Length} x {MoeFeatureLayout.RouteSignalCount} route signals, got {routeSignals.Length}.", nameof(routeSignals));
        if (caseSignals.Length != MoeFeatureLayout.CaseSignalCount)
            throw new ArgumentException($"Expected {MoeFeatureLayout.CaseSignalCount} case signals, got {caseSignals.Length}.", nameof(caseSignals));
        Latest = latest;
        Previous = previous;
        Assistant = assistant;
        Instruction = instruction;
        Routes = routes;
        RouteSignals = routeSignals;
        CaseSignals = caseSignals;
    }

    public float[] Latest { get; }

    public float[] Previous { get; }

    public float[] Assistant { get; }

    /// <summary>
    /// Embedding of the latest message's prose without its code (<see cref="Conversation.InstructionView"/>): the
    /// latest embedding itself when the message has no code, zeros when it is only code.
    /// </summary>
    public float[] Instruction { get; }

    /// <summary>One 512-d embedding per offered route (shared arrays: route embeddings are cached per router).</summary>
    public float[][] Routes { get; }

    /// <summary>Routes x <see cref="MoeFeatureLayout.RouteSignalCount"/>, row-major.</summary>
    public float[] RouteSignals { get; }

    public float[] CaseSignals { get; }

    public int RouteCount => Routes.Length;

    /// <summary>Writes route <paramref name="route"/>'s feature row (<see cref="MoeFeatureLayout.InputWidth"/> values).</summary>
    public void WriteFeatures(int route, Span<float> destination)
    {
        const int w = MoeFeatureLayout.EmbeddingWidth;
        var r = Routes[route];
        for (var i = 0; i < w; i++)
        {
            var scaled = r[i] * MoeFeatureLayout.ProductScale;
            destination[i] = scaled * Latest[i];
            destination[w + i] = scaled * Previous[i];
            destination[2 * w + i] = scaled * Assistant[i];
            destination[3 * w + i] = scaled * Instruction[i];
        }
        RouteSignals.AsSpan(route * MoeFeatureLayout.RouteSignalCount, MoeFeatureLayout.RouteSignalCount)
            .CopyTo(destination[(MoeFeatureLayout.ViewCount * w)..]);
    }
}
