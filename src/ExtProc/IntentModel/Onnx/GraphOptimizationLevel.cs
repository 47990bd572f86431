namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>ONNX Runtime graph optimization levels (enum GraphOptimizationLevel).</summary>
public enum GraphOptimizationLevel
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
