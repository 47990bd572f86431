using ExtProcRouter.IntentModel.Onnx;
using ExtProcRouter.IntentModel.Onnx.Writing;

namespace ExtProcRouter.Tests.IntentModel.Onnx.Writing;

public sealed class OnnxGraphTests
{
    [Fact]
    public void NodeReadingAnUnknownValueIsRejected()
    {
        var graph = new OnnxGraph("g");
        graph.AddInput("x", TensorElementType.Float, 1);

        var error = Assert.Throws<ArgumentException>(() => graph.AddNode("Add", ["x", "y"], "z"));

        Assert.Contains("'y'", error.Message);
    }

    [Fact]
    public void NamesMustBeUnique()
    {
        var graph = new OnnxGraph("g");
        graph.AddInput("x", TensorElementType.Float, 1);

        Assert.Throws<ArgumentException>(() => graph.AddConstant("x", 1));
        Assert.Throws<ArgumentException>(() => graph.AddNode("Identity", ["x"], "x"));
    }

    [Fact]
    public void InitializerDimsMustMatchTheData()
    {
        var graph = new OnnxGraph("g");

        var error = Assert.Throws<ArgumentException>(() => graph.AddInitializer("w", new float[5], 2, 3));

        Assert.Contains("need 6 values, got 5", error.Message);
    }

    [Fact]
    public void OutputMustBeProduced()
    {
        var graph = new OnnxGraph("g");

        Assert.Throws<ArgumentException>(() => graph.AddOutput("nothing", TensorElementType.Float, 1));
    }
}
