namespace ExtProcRouter.IntentModel.CrossEncoding;

/// <summary>Hyper-parameters of fine-tuning the encoder as a cross-encoder through <see cref="PairScoringHead"/>.</summary>
public sealed record CrossEncoderOptions
{
    public int Seed { get; init; } = 17;

    public int Steps { get; init; } = 600;

    /// <summary>Cases per step.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>
    /// Pairs encoded per case and step: the right route (if any) and offered wrong ones drawn at random. Every pair is
    /// a full 128-token pass, so scoring all offered routes (7 on average) would cost about twice as much per case.
    /// </summary>
    public int PairsPerCase { get; init; } = 4;

    public float EncoderLearningRate { get; init; } = 3e-5f;

    /// <summary>The scorer starts at zero and has to move far quickly.</summary>
    public float HeadLearningRate { get; init; } = 1e-2f;

    public int WarmupSteps { get; init; } = 30;

    public float FinalLearningRateFraction { get; init; } = 0.1f;

    public float GradientClipNorm { get; init; } = 1f;

    public int Threads { get; init; } = 2;
}
