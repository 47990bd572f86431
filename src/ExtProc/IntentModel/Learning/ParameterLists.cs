namespace ExtProcRouter.IntentModel.Learning;

/// <summary>What a training step does with a whole list of parameters.</summary>
public static class ParameterLists
{
    public static void ZeroGradients(this IEnumerable<Parameter> parameters)
    {
        foreach (var parameter in parameters) Array.Clear(parameter.Gradient);
    }

    public static float[][] Values(this IReadOnlyList<Parameter> parameters) => parameters.Select(p => p.Value).ToArray();

    public static float[][] Gradients(this IReadOnlyList<Parameter> parameters) => parameters.Select(p => p.Gradient).ToArray();

    /// <summary>
    /// Which parameters get weight decay: matrices do; vectors (biases, layer-norm scales and offsets) do not, as is
    /// usual for AdamW, so decay never pulls a layer norm's scale towards zero.
    /// </summary>
    public static bool[] DecayMask(this IReadOnlyList<Parameter> parameters) => parameters.Select(p => p.Shape.Count(d => d > 1) >= 2).ToArray();
}
