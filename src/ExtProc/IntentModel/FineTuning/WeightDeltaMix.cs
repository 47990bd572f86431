namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// A weighted sum of fine-tuned weight deltas: scaling one run towards the base encoder (WiSE-FT, Wortsman et al.
/// 2022: <c>0.5 x run</c>) or averaging several runs from the same base ("model soup": <c>1/3 x each</c>). Deltas
/// apply to the same base weights, so mixing deltas is mixing the tuned weights.
/// </summary>
public static class WeightDeltaMix
{
    /// <summary>Sum of weight x delta per tensor name, in order of first appearance; a tensor a run left frozen counts as zero in it.</summary>
    /// <exception cref="ArgumentException">A tensor has different shapes in two runs.</exception>
    public static IReadOnlyList<WeightDelta> Mix(IReadOnlyList<(float Weight, IReadOnlyList<WeightDelta> Deltas)> runs)
    {
        var mixed = new List<WeightDelta>();
        var byName = new Dictionary<string, WeightDelta>(StringComparer.Ordinal);
        foreach (var (weight, deltas) in runs)
        {
            foreach (var delta in deltas)
            {
                if (!byName.TryGetValue(delta.Name, out var sum))
                {
                    sum = new WeightDelta(delta.Name, delta.Shape, new float[delta.Values.Length]);
                    byName.Add(delta.Name, sum);
                    mixed.Add(sum);
                }
                else if (!sum.Shape.SequenceEqual(delta.Shape))
                {
                    throw new ArgumentException(
                        $"Tensor '{delta.Name}' has shape [{string.Join(',', delta.Shape)}] in one run and [{string.Join(',', sum.Shape)}] in another.");
                }
                for (var i = 0; i < delta.Values.Length; i++) sum.Values[i] += weight * delta.Values[i];
            }
        }
        return mixed;
    }
}
