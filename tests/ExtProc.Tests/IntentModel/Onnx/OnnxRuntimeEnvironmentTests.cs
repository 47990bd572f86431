using ExtProcRouter.IntentModel.Onnx;

namespace ExtProcRouter.Tests.IntentModel.Onnx;

public sealed class OnnxRuntimeEnvironmentTests(OnnxRuntimeFixture fixture) : IClassFixture<OnnxRuntimeFixture>
{
    [Fact]
    public void LoadsThePinnedOnnxRuntimeFromDeps()
    {
        Assert.StartsWith("1.30.", fixture.Environment.Version);
        Assert.EndsWith(OrtLibraryLocator.LibraryFileName, fixture.Environment.LibraryPath);
    }

    [Fact]
    public void InvalidModelBytesFailWithTheRuntimeMessage()
    {
        var error = Assert.Throws<OnnxRuntimeException>(() => fixture.Environment.CreateSession(new byte[] { 1, 2, 3, 4, 5 }));

        Assert.Equal("CreateSession", error.Operation);
        Assert.NotEqual(OrtErrorCode.Ok, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.RuntimeMessage));
        Assert.Contains(error.RuntimeMessage, error.Message);
    }

    [Fact]
    public void MissingModelFileIsAClearError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => fixture.Environment.CreateSession(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void SessionFromFileRuns()
    {
        var path = Path.Combine(Path.GetTempPath(), $"double-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, TestModels.Double());
        try
        {
            using var session = fixture.Environment.CreateSession(path);
            using var results = session.Run([InferenceInput.Float("x", new float[] { 1.5f, -2f }, 2)], ["y"]);

            Assert.Equal([3f, -4f], results.GetFloats(0).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InvalidOptionsNameEveryProblem()
    {
        var options = new OnnxSessionOptions
        {
            IntraOpThreads = -1,
            ExecutionProviders = [ExecutionProviderOptions.Of("tpu"), ExecutionProviderOptions.Of("cpu")],
        };

        var error = Assert.Throws<ArgumentException>(() => fixture.Environment.CreateSession(TestModels.Double(), options));

        Assert.Contains("tpu", error.Message);
        Assert.Contains("intra-op", error.Message);
    }
}
