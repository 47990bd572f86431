namespace ExtProcRouter.IntentModel.Learning;

/// <summary>How <see cref="LearningRateSchedule"/> falls from the peak to the floor after warm-up.</summary>
public enum LearningRateDecay
{
    Linear,

    /// <summary>Half a cosine: slow at first and at the end.</summary>
    Cosine,
}
