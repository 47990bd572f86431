namespace ExtProcRouter.IntentModel.Learning;

/// <summary>
/// Linear warm-up from 0 to the peak over the first steps, then linear or cosine decay to the floor at the last step.
/// Steps count from 0; the rate for step s is what the optimizer uses for its (s + 1)-th update.
/// </summary>
public sealed record LearningRateSchedule(float PeakRate, int WarmupSteps, int TotalSteps, LearningRateDecay Decay = LearningRateDecay.Cosine, float FloorRate = 0f)
{
    public float At(int step)
    {
        if (TotalSteps <= 0 || WarmupSteps < 0 || WarmupSteps > TotalSteps)
            throw new InvalidOperationException($"Schedule needs 0 <= warm-up ({WarmupSteps}) <= total ({TotalSteps}) and total > 0.");
        if (step < WarmupSteps) return PeakRate * (step + 1) / WarmupSteps;
        var decaySteps = TotalSteps - WarmupSteps;
        var progress = decaySteps <= 1 ? 1.0 : Math.Clamp((double)(step - WarmupSteps) / (decaySteps - 1), 0, 1);
        var fraction = Decay == LearningRateDecay.Cosine ? 0.5 * (1 + Math.Cos(Math.PI * progress)) : 1 - progress;
        return (float)(FloorRate + (PeakRate - FloorRate) * fraction);
    }
}
