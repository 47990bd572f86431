using ExtProcRouter.Grpc;

namespace ExtProcRouter.Tests.Grpc;

public sealed class GrpcStatusMapperTests
{
    [Fact]
    public void StatusException_KeepsItsStatusAndMessage()
    {
        var status = GrpcStatusMapper.FromException(new GrpcStatusException(GrpcStatusCode.NotFound, "nope"), false, false, out bool unexpected);
        Assert.Equal(new GrpcCallStatus(GrpcStatusCode.NotFound, "nope"), status);
        Assert.False(unexpected);
    }

    [Fact]
    public void CancellationAfterTheDeadline_IsDeadlineExceeded()
    {
        var status = GrpcStatusMapper.FromException(new OperationCanceledException(), deadlineExceeded: true, peerReset: false, out bool unexpected);
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, status.Code);
        Assert.False(unexpected);
    }

    [Theory]
    [InlineData(typeof(OperationCanceledException))]
    [InlineData(typeof(IOException))]
    public void AnyFailureAfterAPeerReset_IsCancelled(Type exceptionType)
    {
        var exception = (Exception)Activator.CreateInstance(exceptionType)!;
        var status = GrpcStatusMapper.FromException(exception, deadlineExceeded: false, peerReset: true, out bool unexpected);
        Assert.Equal(GrpcStatusCode.Cancelled, status.Code);
        Assert.False(unexpected);
    }

    [Fact]
    public void AnythingElse_IsInternalWithAGenericMessage()
    {
        var status = GrpcStatusMapper.FromException(new InvalidOperationException("secret"), false, false, out bool unexpected);
        Assert.Equal(GrpcStatusCode.Internal, status.Code);
        Assert.DoesNotContain("secret", status.Message);
        Assert.True(unexpected);
    }

    [Fact]
    public void StrayCancellationWithoutDeadlineOrReset_IsInternal()
    {
        var status = GrpcStatusMapper.FromException(new OperationCanceledException(), false, false, out bool unexpected);
        Assert.Equal(GrpcStatusCode.Internal, status.Code);
        Assert.True(unexpected);
    }
}
