namespace ExtProcRouter.IntentModel.Learning;

/// <summary>Global-norm gradient clipping: all gradients scaled together so their joint L2 norm is at most a limit.</summary>
public static class GradientClipping
{
    /// <summary>The L2 norm of all gradients together (accumulated in double).</summary>
    public static double GlobalNorm(IEnumerable<Parameter> parameters)
    {
        var sum = 0d;
        foreach (var parameter in parameters)
            foreach (var g in parameter.Gradient) sum += (double)g * g;
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales every gradient by maxNorm / norm when the global norm exceeds <paramref name="maxNorm"/>; returns the
    /// norm before clipping (worth logging: spikes show up there first).
    /// </summary>
    public static double ClipByGlobalNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), "The norm limit must be positive.");
        var norm = GlobalNorm(parameters);
        if (norm <= maxNorm) return norm;
        var scale = (float)(maxNorm / norm);
        foreach (var parameter in parameters)
            System.Numerics.Tensors.TensorPrimitives.Multiply(parameter.Gradient, scale, parameter.Gradient);
        return norm;
    }
}
