using System.Numerics.Tensors;

namespace ExtProcRouter.IntentModel.Learning;

/// <summary>Cross-entropy of softmax(logits) against one target class.</summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Returns -log softmax(logits)[target] and writes d(loss)/d(logits) = softmax - onehot(target), times
    /// <paramref name="weight"/> (e.g. 1 / batch size), into <paramref name="logitGradient"/>.
    /// </summary>
    public static float LossAndGradient(ReadOnlySpan<float> logits, int target, Span<float> logitGradient, float weight = 1f)
    {
        if ((uint)target >= (uint)logits.Length) throw new ArgumentOutOfRangeException(nameof(target), $"Target {target} is not one of {logits.Length} classes.");
        TensorPrimitives.SoftMax(logits, logitGradient);
        // log-sum-exp around the maximum, so large logits do not overflow.
        var max = TensorPrimitives.Max(logits);
        var logSumExp = 0d;
        foreach (var logit in logits) logSumExp += Math.Exp(logit - max);
        var loss = (float)(Math.Log(logSumExp) + max - logits[target]);
        logitGradient[target] -= 1f;
        TensorPrimitives.Multiply(logitGradient, weight, logitGradient);
        return loss * weight;
    }
}
