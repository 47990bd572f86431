using System.Collections.Concurrent;
using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;
using ExtProcRouter.Processing;

namespace ExtProcRouter.Tests.Grpc;

/// <summary>
/// A deterministic stand-in for the real processor: the first request_headers message picks a scenario
/// (header <c>x-test-scenario</c>), and every call's outcome is recorded under <c>x-test-call-id</c> so tests can
/// observe how the server ended the handler. The interop script drives the same scenarios.
/// </summary>
internal sealed class ScriptedExternalProcessor : IExternalProcessorService
{
    public const string ScenarioHeader = "x-test-scenario";
    public const string CallIdHeader = "x-test-call-id";

    /// <summary>Message of the GrpcStatusException of the "fail-status" scenario; exercises percent-encoding.</summary>
    public const string FailureMessage = "bad request: ünïcødé 100% \"quoted\"\nnext line";

    /// <summary>Never reaches the peer: the "throw" scenario's exception message.</summary>
    public const string SecretDetail = "secret-detail-that-must-not-leak";

    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _outcomes = new();
    private int _activeCalls;

    public int ActiveCalls => Volatile.Read(ref _activeCalls);

    /// <summary>"completed", "cancelled" or "faulted", once the handler of that call has ended.</summary>
    public Task<string> OutcomeOf(string callId) => Outcome(callId).Task;

    public async Task ProcessAsync(IMessageReader<ProcessingRequest> requests, IMessageWriter<ProcessingResponse> responses,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _activeCalls);
        string? callId = null;
        try
        {
            var first = await requests.ReadAsync(cancellationToken);
            if (first is null)
                return;
            callId = HeaderValue(first, CallIdHeader);
            await RunScenarioAsync(HeaderValue(first, ScenarioHeader) ?? "echo", first, requests, responses, cancellationToken);
            Record(callId, "completed");
        }
        catch (OperationCanceledException)
        {
            Record(callId, "cancelled");
            throw;
        }
        catch (Exception e)
        {
            Record(callId, cancellationToken.IsCancellationRequested ? "cancelled" : "faulted: " + e);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _activeCalls);
        }
    }

    private static async Task RunScenarioAsync(string scenario, ProcessingRequest first, IMessageReader<ProcessingRequest> requests,
        IMessageWriter<ProcessingResponse> responses, CancellationToken cancellationToken)
    {
        switch (scenario)
        {
            case "echo":
                for (var request = first; request is not null; request = await requests.ReadAsync(cancellationToken))
                    await responses.WriteAsync(ReplyTo(request), cancellationToken);
                return;
            case "fail-status":
                await responses.WriteAsync(ReplyTo(first), cancellationToken);
                throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, FailureMessage);
            case "close":
                // What the real processor does on non-LLM paths: end cleanly, so Envoy continues without it.
                return;
            case "fail-early":
                throw new GrpcStatusException(GrpcStatusCode.PermissionDenied, "refused before any reply");
            case "throw":
                await responses.WriteAsync(ReplyTo(first), cancellationToken);
                throw new InvalidOperationException(SecretDetail);
            case "hang":
                // Reply, then wait for more requests that never come: only cancellation ends this call.
                await responses.WriteAsync(ReplyTo(first), cancellationToken);
                while (await requests.ReadAsync(cancellationToken) is not null)
                {
                }
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return;
            case "hang-reading-without-token":
                // Only the server's own pipe interruption can end this read.
                await responses.WriteAsync(ReplyTo(first), cancellationToken);
                while (await requests.ReadAsync(CancellationToken.None) is not null)
                {
                }
                return;
            default:
                throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, $"unknown test scenario '{scenario}'");
        }
    }

    /// <summary>The empty reply of the matching kind, as a pass-through processor sends.</summary>
    public static ProcessingResponse ReplyTo(ProcessingRequest request) => request.RequestCase switch
    {
        ProcessingRequest.RequestOneofCase.RequestHeaders => new ProcessingResponse { RequestHeaders = new HeadersResponse() },
        ProcessingRequest.RequestOneofCase.ResponseHeaders => new ProcessingResponse { ResponseHeaders = new HeadersResponse() },
        ProcessingRequest.RequestOneofCase.RequestBody => new ProcessingResponse { RequestBody = new BodyResponse() },
        ProcessingRequest.RequestOneofCase.ResponseBody => new ProcessingResponse { ResponseBody = new BodyResponse() },
        ProcessingRequest.RequestOneofCase.RequestTrailers => new ProcessingResponse { RequestTrailers = new TrailersResponse() },
        ProcessingRequest.RequestOneofCase.ResponseTrailers => new ProcessingResponse { ResponseTrailers = new TrailersResponse() },
        _ => throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, "empty ProcessingRequest"),
    };

    private static string? HeaderValue(ProcessingRequest request, string name)
    {
        if (request.RequestCase != ProcessingRequest.RequestOneofCase.RequestHeaders)
            return null;
        foreach (var header in request.RequestHeaders.Headers.Headers)
        {
            if (header.Key == name)
                return header.RawValue.IsEmpty ? header.Value : header.RawValue.ToStringUtf8();
        }
        return null;
    }

    private void Record(string? callId, string outcome)
    {
        if (callId is not null)
            Outcome(callId).TrySetResult(outcome);
    }

    private TaskCompletionSource<string> Outcome(string callId) =>
        _outcomes.GetOrAdd(callId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
