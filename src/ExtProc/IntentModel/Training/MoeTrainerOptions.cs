namespace ExtProcRouter.IntentModel.Training;

/// <summary>Hyper-parameters of the head's training.</summary>
public sealed record MoeTrainerOptions
{
    public int Seed { get; init; } = 17;

    public int Experts { get; init; } = 8;

    public int Hidden { get; init; } = 16;

    public int TopK { get; init; } = 2;

    public int Epochs { get; init; } = 8;

    /// <summary>Cases per optimiser step.</summary>
    public int BatchSize { get; init; } = 32;

    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Weight of the load-balancing loss (Switch Transformer style: experts x sum of load x mean gate).</summary>
    public float LoadBalancingWeight { get; init; } = 0.01f;

    /// <summary>
    /// Probability that one view's product block is dropped (zeroed, the kept ones scaled by 1/(1-p)) for one
    /// training case. Why: the blocks let the head memorise how the train files phrase their routes; dropping them
    /// makes it lean on the cosine and overlap signals too, which carry over to unseen phrasings.
    /// </summary>
    public float ViewDropout { get; init; }

    /// <summary>
    /// When above zero, every epoch trains on a fresh seeded draw of at most this many cases per source file instead of
    /// on all of them. Why: with all train data the two largest files dominate, and follow-ups (a small file) lost 3-4
    /// points; a per-epoch draw keeps the files balanced and still shows the head most of the data over the epochs.
    /// </summary>
    public int EpochCasesPerSource { get; init; }

    /// <summary>L2 penalty on the weights, applied through the gradient.</summary>
    public float WeightDecay { get; init; } = 1e-3f;
}
