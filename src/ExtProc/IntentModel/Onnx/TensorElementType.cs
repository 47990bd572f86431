namespace ExtProcRouter.IntentModel.Onnx;

/// <summary>
/// Tensor element types used by this project; values are ONNX's TensorProto.DataType numbers. Sessions take and
/// return Float, Int32 and Int64; the 8-bit types appear only inside written graphs (quantized weights).
/// </summary>
public enum TensorElementType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
}
