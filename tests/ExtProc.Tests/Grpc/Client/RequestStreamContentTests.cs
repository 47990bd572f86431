using ExtProcRouter.Grpc.Client;

namespace ExtProcRouter.Tests.Grpc.Client;

public sealed class RequestStreamContentTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task HttpClient_cancelling_the_body_because_the_response_ended_is_not_a_failure()
    {
        // HttpClient cancels the body's token when the server completed the response and reset the stream with
        // NO_ERROR (an ext_proc processor letting go after the headers). Throwing there made SendAsync drop the
        // complete response, and the client reported CANCELLED instead of the server's status.
        var content = new RequestStreamContent("application/grpc");
        using var responseEnded = new CancellationTokenSource();
        var sending = content.CopyToAsync(new MemoryStream(), null, responseEnded.Token);
        await content.Stream.WaitAsync(HangGuard);

        await responseEnded.CancelAsync();

        await sending.WaitAsync(HangGuard);
        Assert.True(sending.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Aborting_the_call_still_fails_the_body()
    {
        var content = new RequestStreamContent("application/grpc");
        var sending = content.CopyToAsync(new MemoryStream(), null, CancellationToken.None);
        await content.Stream.WaitAsync(HangGuard);

        content.Abort();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task Completing_ends_the_body()
    {
        var content = new RequestStreamContent("application/grpc");
        var sending = content.CopyToAsync(new MemoryStream(), null, CancellationToken.None);
        await content.Stream.WaitAsync(HangGuard);

        content.Complete();

        await sending.WaitAsync(HangGuard);
        Assert.True(sending.IsCompletedSuccessfully);
    }
}
