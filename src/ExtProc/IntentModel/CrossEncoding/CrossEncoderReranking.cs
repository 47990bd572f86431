namespace ExtProcRouter.IntentModel.CrossEncoding;

/// <summary>
/// The re-ranking rule issue 7 asks to measure: keep the bi-encoder's answer unless its two best candidates (routes or
/// "other") are within <c>margin</c> of each other in probability; then the cross-encoder picks between those two.
/// </summary>
public static class CrossEncoderReranking
{
    /// <param name="biEncoder">The bi-encoder's probabilities of the offered routes, then of "other".</param>
    /// <param name="crossEncoder">The cross-encoder's logits in the same order.</param>
    /// <returns>The chosen index (the route count means "other") and whether the cross-encoder was consulted.</returns>
    public static (int Choice, bool Reranked) Decide(ReadOnlySpan<float> biEncoder, ReadOnlySpan<float> crossEncoder, float margin)
    {
        if (biEncoder.Length != crossEncoder.Length) throw new ArgumentException("Both models must score the same candidates.", nameof(crossEncoder));
        var (first, second) = CandidateRanking.TopTwo(biEncoder);
        if (second < 0 || biEncoder[first] - biEncoder[second] >= margin) return (first, false);
        return (crossEncoder[second] > crossEncoder[first] ? second : first, true);
    }
}
