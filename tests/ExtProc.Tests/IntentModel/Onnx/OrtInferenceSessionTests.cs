using ExtProcRouter.IntentModel.Onnx;
using Microsoft.Extensions.Logging;

namespace ExtProcRouter.Tests.IntentModel.Onnx;

public sealed class OrtInferenceSessionTests(OnnxRuntimeFixture fixture) : IClassFixture<OnnxRuntimeFixture>
{
    private static InferenceInput[] AllInputs(float[] a, float[] b, int rows) =>
    [
        InferenceInput.Float("a", a, rows, 3),
        InferenceInput.Float("b", b, rows, 3),
        InferenceInput.Int64("ids", new long[] { 7, long.MaxValue }, 2),
        InferenceInput.Int32("counts", new[] { -3 }, 1),
    ];

    [Fact]
    public void ReportsInputAndOutputNamesInModelOrder()
    {
        using var session = fixture.Environment.CreateSession(TestModels.AddAndMatMul());

        Assert.Equal(["a", "b", "ids", "counts"], session.InputNames);
        Assert.Equal(["sum", "product", "ids_out", "counts_out"], session.OutputNames);
        Assert.Equal(["cpu"], session.ExecutionProviders);
    }

    [Fact]
    public void RunsFloatInt64AndInt32Tensors()
    {
        using var session = fixture.Environment.CreateSession(TestModels.AddAndMatMul());
        float[] a = [1, 2, 3, 4, 5, 6];
        float[] b = [10, 20, 30, 40, 50, 60];

        using var results = session.Run(AllInputs(a, b, 2), ["product", "sum", "ids_out", "counts_out"]);

        Assert.Equal("product", results.GetName(0));
        Assert.Equal([2L, 2L], results.GetShape(0).ToArray());
        // [1 2 3; 4 5 6] x [1 2; 3 4; 5 6]
        Assert.Equal([22f, 28f, 49f, 64f], results.GetFloats(0).ToArray());
        Assert.Equal([11f, 22f, 33f, 44f, 55f, 66f], results.GetFloats(results.IndexOf("sum")).ToArray());
        Assert.Equal([7L, long.MaxValue], results.GetInt64s(2).ToArray());
        Assert.Equal([-3], results.GetInt32s(3).ToArray());
    }

    [Fact]
    public void SymbolicBatchDimensionAcceptsDifferentBatchSizes()
    {
        using var session = fixture.Environment.CreateSession(TestModels.AddAndMatMul());

        using var one = session.Run(AllInputs([1, 1, 1], [0, 0, 0], 1), ["product"]);
        using var three = session.Run(AllInputs(new float[9], Enumerable.Repeat(1f, 9).ToArray(), 3), ["sum"]);

        Assert.Equal([9f, 12f], one.GetFloats(0).ToArray());
        Assert.Equal([3L, 3L], three.GetShape(0).ToArray());
    }

    [Fact]
    public void InputsAreReadInPlaceFromAnOffsetIntoALargerBuffer()
    {
        using var session = fixture.Environment.CreateSession(TestModels.Double());
        var buffer = new float[] { 100, 1, 2, 3, 100 };

        using var results = session.Run([InferenceInput.Float("x", buffer.AsMemory(1, 3), 3)], ["y"]);

        Assert.Equal([2f, 4f, 6f], results.GetFloats(0).ToArray());
    }

    [Fact]
    public void WrongInputNameIsAClearException()
    {
        using var session = fixture.Environment.CreateSession(TestModels.Double());

        var error = Assert.Throws<ArgumentException>(() => session.Run([InferenceInput.Float("input_ids", new float[] { 1 }, 1)], ["y"]));

        Assert.Contains("'input_ids' is not an input of this model", error.Message);
        Assert.Contains("x", error.Message);
    }

    [Fact]
    public void WrongOutputNameIsAClearException()
    {
        using var session = fixture.Environment.CreateSession(TestModels.Double());

        var error = Assert.Throws<ArgumentException>(() => session.Run([InferenceInput.Float("x", new float[] { 1 }, 1)], ["z"]));

        Assert.Contains("'z' is not an output of this model", error.Message);
    }

    [Fact]
    public void RuntimeErrorsCarryTheOnnxRuntimeMessage()
    {
        using var session = fixture.Environment.CreateSession(TestModels.AddAndMatMul());
        // The model declares [batch, 3]; a [3, 2] tensor breaks the declared shape and ONNX Runtime refuses it.
        InferenceInput[] inputs =
        [
            InferenceInput.Float("a", new float[6], 3, 2),
            InferenceInput.Float("b", new float[6], 3, 2),
            InferenceInput.Int64("ids", new long[1], 1),
            InferenceInput.Int32("counts", new int[1], 1),
        ];

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run(inputs, ["sum"]));

        Assert.Equal("Run", error.Operation);
        Assert.Equal(OrtErrorCode.InvalidArgument, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.RuntimeMessage));
    }

    [Fact]
    public void MissingInputIsReportedByTheRuntime()
    {
        using var session = fixture.Environment.CreateSession(TestModels.AddAndMatMul());

        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([InferenceInput.Float("a", new float[3], 1, 3)], ["sum"]));

        Assert.Contains("b", error.RuntimeMessage);
    }

    [Fact]
    public void ShapeThatDoesNotMatchTheDataIsRejectedBeforeTheNativeCall()
    {
        var error = Assert.Throws<ArgumentException>(() => InferenceInput.Float("x", new float[5], 2, 3));

        Assert.Contains("needs 6 elements but 5 were given", error.Message);
    }

    [Fact]
    public void ConcurrentRunsOnOneSessionGetTheirOwnResults()
    {
        using var session = fixture.Environment.CreateSession(TestModels.Double());
        var outputs = new float[32][];

        Parallel.For(0, outputs.Length, i =>
        {
            var x = Enumerable.Range(0, 64).Select(j => (float)(i * 1000 + j)).ToArray();
            using var results = session.Run([InferenceInput.Float("x", x, x.Length)], ["y"]);
            outputs[i] = results.GetFloats(0).ToArray();
        });

        for (var i = 0; i < outputs.Length; i++)
            Assert.Equal(Enumerable.Range(0, 64).Select(j => 2f * (i * 1000 + j)), outputs[i]);
    }

    [Fact]
    public void DefaultInputIsRejected()
    {
        using var session = fixture.Environment.CreateSession(TestModels.Double());

        var error = Assert.Throws<ArgumentException>(() => session.Run([default(InferenceInput)], ["y"]));

        Assert.Contains("uninitialised", error.Message);
    }

    [Fact]
    public void CancelledTokenStopsBeforeRunning()
    {
        using var session = fixture.Environment.CreateSession(TestModels.Double());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => session.Run([InferenceInput.Float("x", new float[1], 1)], ["y"], cancelled.Token));
    }

    [Fact]
    public void RunWithACancellableTokenThatIsNotCancelledSucceeds()
    {
        using var session = fixture.Environment.CreateSession(TestModels.Double());
        using var source = new CancellationTokenSource();

        using var results = session.Run([InferenceInput.Float("x", new float[] { 4 }, 1)], ["y"], source.Token);

        Assert.Equal([8f], results.GetFloats(0).ToArray());
    }

    [Fact]
    public void MissingProviderLibrariesFallBackToCpuWithOneLogLine()
    {
        var logger = new RecordingLogger();
        using var environment = new OnnxRuntimeEnvironment(logger: logger);
        var options = new OnnxSessionOptions
        {
            ExecutionProviders =
            [
                new ExecutionProviderOptions { Name = "tensorrt", Fp16 = true, EngineCachePath = Path.GetTempPath() },
                ExecutionProviderOptions.Of("cuda"),
                ExecutionProviderOptions.Of("cpu"),
            ],
        };

        using var session = environment.CreateSession(TestModels.Double(), options);
        using var second = environment.CreateSession(TestModels.AddAndMatMul(), options);
        using var results = session.Run([InferenceInput.Float("x", new float[] { 1 }, 1)], ["y"]);

        Assert.Equal([2f], results.GetFloats(0).ToArray());
        Assert.Equal(["cpu"], session.ExecutionProviders);
        Assert.Equal(["cpu"], second.ExecutionProviders);
        // Two sessions, one missing library: one line.
        var line = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("tensorrt", line.Message);
        Assert.Contains("cuda", line.Message);
        Assert.Contains("falling back to cpu", line.Message);
        Assert.DoesNotContain("\n", line.Message);
        Assert.DoesNotContain("ONNXRuntimeError", line.Message);
    }

    [Fact]
    public void ProviderErrorsAreShortenedToTheReason()
    {
        const string raw = "/onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:1988 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() " +
            "[ONNXRuntimeError] : 1 : FAIL : Failed to load library libx.so with error: libx.so: cannot open shared object file\n";

        Assert.Equal("Failed to load library libx.so with error: libx.so: cannot open shared object file", OrtInferenceSession.Shorten(raw));
        Assert.Equal("plain reason", OrtInferenceSession.Shorten("plain reason"));
    }

    [Fact]
    public void CpuOnlyLogsNothing()
    {
        var logger = new RecordingLogger();
        using var environment = new OnnxRuntimeEnvironment(logger: logger);

        using var session = environment.CreateSession(TestModels.Double(), new OnnxSessionOptions { IntraOpThreads = 1, AllowThreadSpinning = false });

        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void DisposedSessionAndResultsRefuseUse()
    {
        var session = fixture.Environment.CreateSession(TestModels.Double());
        var results = session.Run([InferenceInput.Float("x", new float[] { 1 }, 1)], ["y"]);

        results.Dispose();
        session.Dispose();
        session.Dispose();

        Assert.True(((OrtInferenceResults)results).IsReleased);
        Assert.True(((OrtInferenceSession)session).IsReleased);

        Assert.Throws<ObjectDisposedException>(() => results.GetFloats(0).ToArray());
        Assert.Throws<ObjectDisposedException>(() => session.Run([InferenceInput.Float("x", new float[] { 1 }, 1)], ["y"]));
    }

    [Fact]
    public void SessionKeepsTheEnvironmentAliveUntilItIsDisposed()
    {
        var environment = new OnnxRuntimeEnvironment();
        using var session = environment.CreateSession(TestModels.Double());

        environment.Dispose();
        using var results = session.Run([InferenceInput.Float("x", new float[] { 5 }, 1)], ["y"]);

        Assert.Equal([10f], results.GetFloats(0).ToArray());
    }
}
