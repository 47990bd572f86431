namespace ExtProcRouter.IntentModel.Keyword;

/// <summary>Parameters of the keyword/BM25 baseline.</summary>
public sealed record KeywordClassifierOptions
{
    /// <summary>
    /// Below this normalised score the best route is not trusted and the answer is <c>other</c>. Chosen on the
    /// train files only with <c>extproc-router tune-keyword --data ../shared/data/routing/train</c> (see
    /// <see cref="KeywordThresholdTuner"/>): 0.0414 gives 61.0% strict over all 76,188 train cases. Per-file
    /// optima range from 0.02 (SGD) to 0.47 (CLINC): one global threshold is the baseline's weakness.
    /// </summary>
    public double OtherThreshold { get; init; } = 0.0414;

    /// <summary>BM25 term-frequency saturation.</summary>
    public double K1 { get; init; } = 1.2;

    /// <summary>BM25 length normalisation.</summary>
    public double B { get; init; } = 0.75;

    /// <summary>
    /// Weight of terms that appear only in earlier user turns (the latest user message weighs 1). With
    /// <see cref="AssistantWeight"/>, picked on train from {0.3/0.1, 0.5/0.25, 0.7/0.4, 1/0.5, 0.5/0}.
    /// </summary>
    public double PreviousUserWeight { get; init; } = 0.3;

    /// <summary>Weight of terms that appear only in the last assistant turn.</summary>
    public double AssistantWeight { get; init; } = 0.1;

    public static KeywordClassifierOptions Default { get; } = new();
}
