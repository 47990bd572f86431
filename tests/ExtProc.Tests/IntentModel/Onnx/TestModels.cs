using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Onnx.Writing;

namespace ExtProcRouter.Tests.IntentModel.Onnx;

/// <summary>Tiny ONNX models built in the tests with the project's own writer.</summary>
internal static class TestModels
{
    /// <summary>sum = a + b, product = MatMul(a, w) with a fixed 3x2 weight, ids_out = ids (int64), count = Identity(counts) (int32).</summary>
    public static byte[] AddAndMatMul()
    {
        var graph = new OnnxGraph("add_matmul");
        graph.AddInput("a", TensorElementType.Float, "batch", 3);
        graph.AddInput("b", TensorElementType.Float, "batch", 3);
        graph.AddInput("ids", TensorElementType.Int64, "n");
        graph.AddInput("counts", TensorElementType.Int32, "m");
        graph.AddInitializer("w", new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        graph.AddNode("Add", ["a", "b"], "sum");
        graph.AddNode("MatMul", ["a", "w"], "product");
        graph.AddNode("Identity", ["ids"], "ids_out");
        graph.AddNode("Identity", ["counts"], "counts_out");
        graph.AddOutput("sum", TensorElementType.Float, "batch", 3);
        graph.AddOutput("product", TensorElementType.Float, "batch", 2);
        graph.AddOutput("ids_out", TensorElementType.Int64, "n");
        graph.AddOutput("counts_out", TensorElementType.Int32, "m");
        return OnnxModelWriter.Serialize(graph);
    }

    /// <summary>y = x * 2 (float, any length).</summary>
    public static byte[] Double()
    {
        var graph = new OnnxGraph("double");
        graph.AddInput("x", TensorElementType.Float, "n");
        graph.AddScalar("two", 2f);
        graph.AddNode("Mul", ["x", "two"], "y");
        graph.AddOutput("y", TensorElementType.Float, "n");
        return OnnxModelWriter.Serialize(graph);
    }
}
