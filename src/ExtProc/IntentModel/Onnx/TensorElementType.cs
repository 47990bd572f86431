namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>Tensor element types used by this project; values are ONNX's TensorProto.DataType numbers.</summary>
public enum TensorElementType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
}
