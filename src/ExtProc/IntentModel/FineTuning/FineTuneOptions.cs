namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>Hyper-parameters of fine-tuning the encoder through <see cref="RouteScoringHead"/>.</summary>
public sealed record FineTuneOptions
{
    public int Seed { get; init; } = 17;

    /// <summary>Optimizer steps in the whole run (the learning-rate schedule is laid out over them).</summary>
    public int Steps { get; init; } = 400;

    /// <summary>Cases per step.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Small, because the encoder's weights were already trained and a few hundred noisy steps should nudge, not overwrite them.</summary>
    public float EncoderLearningRate { get; init; } = 2e-5f;

    /// <summary>The head has a handful of scalars starting from guesses; it has to move far quickly.</summary>
    public float HeadLearningRate { get; init; } = 1e-2f;

    /// <summary>Steps of linear warm-up from zero; afterwards the rate decays linearly to <see cref="FinalLearningRateFraction"/>.</summary>
    public int WarmupSteps { get; init; } = 20;

    public float FinalLearningRateFraction { get; init; } = 0.1f;

    /// <summary>Global gradient norm above which the step's gradients are scaled down.</summary>
    public float GradientClipNorm { get; init; } = 1f;

    /// <summary>Threads running the encoder's batch pass (the batch's texts split into one packed part per thread).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Also score each case against the batch's other route texts (excluding routes of the same name).</summary>
    public bool InBatchNegatives { get; init; } = true;

    /// <summary>Encoder parameters whose name contains any of these are not updated (e.g. the embedding table, the lower layer).</summary>
    public IReadOnlyList<string> FrozenNameParts { get; init; } = [];

    /// <summary>Steps between checkpoints (0 = only at the end).</summary>
    public int CheckpointEvery { get; init; } = 25;

    /// <summary>Steps between selection runs on the dev sample (0 = only at the end).</summary>
    public int SelectEvery { get; init; } = 100;
}
