using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Onnx.Writing;

namespace ExtProcRouter.Tests.IntentModel.Onnx.Writing;

public sealed class OnnxModelWriterTests(OnnxRuntimeFixture fixture) : IClassFixture<OnnxRuntimeFixture>
{
    [Fact]
    public void AttributesOfEveryKindReachTheRuntime()
    {
        // Transpose (ints), Gemm (float alpha + int transB), Clip via opset 17 inputs, Softmax (int axis).
        var graph = new OnnxGraph("attributes");
        graph.AddInput("x", TensorElementType.Float, 2, 3);
        graph.AddInitializer("w", new float[] { 1, 0, 0, 0, 1, 0 }, 2, 3);
        graph.AddNode("Transpose", ["x"], "xt", OnnxAttribute.Ints("perm", 1, 0));
        graph.AddNode("Gemm", ["x", "w"], "g", OnnxAttribute.Float("alpha", 2f), OnnxAttribute.Int("transB", 1));
        graph.AddNode("Softmax", ["g"], "s", OnnxAttribute.Int("axis", -1));
        graph.AddOutput("xt", TensorElementType.Float, 3, 2);
        graph.AddOutput("g", TensorElementType.Float, 2, 2);
        graph.AddOutput("s", TensorElementType.Float, 2, 2);

        using var session = fixture.Environment.CreateSession(OnnxModelWriter.Serialize(graph));
        using var results = session.Run([InferenceInput.Float("x", new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3)], ["xt", "g", "s"]);

        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], results.GetFloats(0).ToArray());
        Assert.Equal([2f, 4f, 8f, 10f], results.GetFloats(1).ToArray());
        var softmax = results.GetFloats(2);
        Assert.Equal(1f, softmax[0] + softmax[1], 5);
        Assert.True(softmax[1] > softmax[0]);
    }

    [Fact]
    public void SaveWritesALoadableFileAtomically()
    {
        var directory = Directory.CreateTempSubdirectory("onnx-writer-").FullName;
        try
        {
            var graph = new OnnxGraph("scale");
            graph.AddInput("x", TensorElementType.Float, "n");
            graph.AddScalar("k", 3f);
            graph.AddNode("Mul", ["x", "k"], "y");
            graph.AddOutput("y", TensorElementType.Float, "n");
            var path = Path.Combine(directory, "nested", "scale.onnx");

            OnnxModelWriter.Save(graph, path);

            Assert.Equal(["scale.onnx"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
            using var session = fixture.Environment.CreateSession(path);
            using var results = session.Run([InferenceInput.Float("x", new float[] { 2 }, 1)], ["y"]);
            Assert.Equal([6f], results.GetFloats(0).ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
