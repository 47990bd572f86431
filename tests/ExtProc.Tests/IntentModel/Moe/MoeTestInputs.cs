using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.Tests.IntentModel.Moe;

/// <summary>Deterministic synthetic head inputs for tests that need no encoder.</summary>
internal static class MoeTestInputs
{
    public static float[] UnitVector(Random random)
    {
        var vector = new float[MoeFeatureLayout.EmbeddingWidth];
        for (var i = 0; i < vector.Length; i++) vector[i] = (float)(random.NextDouble() * 2 - 1);
        Normalise(vector);
        return vector;
    }

    /// <summary><paramref name="direction"/> plus noise of the given size, re-normalised.</summary>
    public static float[] Near(float[] direction, Random random, float noise)
    {
        var vector = UnitVector(random);
        for (var i = 0; i < vector.Length; i++) vector[i] = direction[i] + noise * vector[i];
        Normalise(vector);
        return vector;
    }

    public static MoeInput RandomInput(Random random, int routes)
    {
        var routeVectors = Enumerable.Range(0, routes).Select(_ => UnitVector(random)).ToArray();
        var signals = new float[routes * MoeFeatureLayout.RouteSignalCount];
        for (var i = 0; i < signals.Length; i++) signals[i] = (float)random.NextDouble();
        var cases = new float[MoeFeatureLayout.CaseSignalCount];
        for (var i = 0; i < cases.Length; i++) cases[i] = (float)random.NextDouble();
        return new MoeInput(UnitVector(random), UnitVector(random), UnitVector(random), UnitVector(random), routeVectors, signals, cases);
    }

    private static void Normalise(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
    }
}
