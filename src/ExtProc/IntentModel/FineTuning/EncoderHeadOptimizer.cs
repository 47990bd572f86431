using ExtProcRouter.IntentModel.Learning;
using ExtProcRouter.IntentModel.Training;

namespace ExtProcRouter.IntentModel.FineTuning;

/// <summary>
/// One optimizer step for an encoder fine-tuned together with a small head: clip the global gradient norm over both,
/// then Adam on each at its own peak rate, scaled by the shared schedule (linear warm-up, then linear decay).
/// </summary>
/// <remarks>
/// Two rates because the encoder's weights were already trained and should only be nudged, while the head starts
/// from guesses (or zeros) and has to move far quickly.
/// </remarks>
internal sealed class EncoderHeadOptimizer
{
    private readonly Parameter[] _all;
    private readonly float[][] _encoderValues;
    private readonly float[][] _encoderGradients;
    private readonly float[][] _headValues;
    private readonly float[][] _headGradients;
    private readonly float _encoderRate;
    private readonly float _headRate;
    private readonly float _clipNorm;
    private readonly LearningRateSchedule _schedule;
    private readonly AdamOptimizer _encoderAdam;
    private readonly AdamOptimizer _headAdam;

    public EncoderHeadOptimizer(IReadOnlyList<Parameter> encoder, IReadOnlyList<Parameter> head, float encoderRate, float headRate,
        float clipNorm, int warmupSteps, int totalSteps, float finalRateFraction)
    {
        // Parameters keep their arrays for life, so the per-step views are built once.
        _all = [.. encoder, .. head];
        _encoderValues = encoder.Select(p => p.Value).ToArray();
        _encoderGradients = encoder.Select(p => p.Gradient).ToArray();
        _headValues = head.Select(p => p.Value).ToArray();
        _headGradients = head.Select(p => p.Gradient).ToArray();
        _encoderRate = encoderRate;
        _headRate = headRate;
        _clipNorm = clipNorm;
        _schedule = new LearningRateSchedule(1f, Math.Min(warmupSteps, totalSteps), totalSteps, LearningRateDecay.Linear, finalRateFraction);
        _encoderAdam = new AdamOptimizer(_encoderValues, encoderRate);
        _headAdam = new AdamOptimizer(_headValues, headRate);
    }

    /// <summary>The learning rate of <paramref name="step"/> as a fraction of the peak rates.</summary>
    public float Scale(int step) => _schedule.At(step);

    /// <summary>Applies the gradients now in the parameters as step <paramref name="step"/> (0-based).</summary>
    public void Step(int step)
    {
        GradientClipping.ClipByGlobalNorm(_all, _clipNorm);
        var scale = Scale(step);
        _encoderAdam.Step(_encoderValues, _encoderGradients, _encoderRate * scale);
        _headAdam.Step(_headValues, _headGradients, _headRate * scale);
    }

    /// <summary>Both optimizers' moments, for a checkpoint.</summary>
    public void WriteState(BinaryWriter writer)
    {
        _encoderAdam.WriteState(writer);
        _headAdam.WriteState(writer);
    }

    public void ReadState(BinaryReader reader)
    {
        _encoderAdam.ReadState(reader);
        _headAdam.ReadState(reader);
    }
}
