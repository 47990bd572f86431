using Envoy.Service.ExtProc.V3;
using ExtProcRouter.Grpc;
using ExtProcRouter.Processing;
using ExtProcRouter.Tests.Processing.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static ExtProcRouter.Tests.Processing.Support.Messages;
using Case = Envoy.Service.ExtProc.V3.ProcessingResponse.ResponseOneofCase;

namespace ExtProcRouter.Tests.Processing;

public class ProcessingStreamTests
{
    private readonly RecordingProcessorFactory _factory = new();
    private readonly RecordingResponseWriter _writer = new();

    private async Task RunAsync(params ProcessingRequest[] messages)
    {
        using var stream = new ProcessingStream(new ScriptedRequestReader(messages), _writer, _factory, NullLogger.Instance);
        await stream.RunAsync(CancellationToken.None);
    }

    private List<Case> ReplyKinds => _writer.Responses.Select(r => r.ResponseCase).ToList();

    [Fact]
    public async Task Every_phase_in_order_gets_exactly_one_reply_of_the_matching_kind()
    {
        await RunAsync(RequestHeaders(), RequestBody("{}"), RequestTrailers(), ResponseHeaders(),
            ResponseBody("a", endOfStream: false), ResponseBody("b"), ResponseTrailers());

        Assert.Equal([Case.RequestHeaders, Case.RequestBody, Case.RequestTrailers, Case.ResponseHeaders,
            Case.ResponseBody, Case.ResponseBody, Case.ResponseTrailers], ReplyKinds);
        Assert.Equal([ProcessingPhase.RequestHeaders, ProcessingPhase.RequestBody, ProcessingPhase.RequestTrailers,
            ProcessingPhase.ResponseHeaders, ProcessingPhase.ResponseBody, ProcessingPhase.ResponseBody,
            ProcessingPhase.ResponseTrailers], _factory.Processor.Calls);
    }

    [Fact]
    public async Task Skipped_phases_are_allowed()
    {
        await RunAsync(RequestHeaders(), ResponseHeaders(), ResponseTrailers());

        Assert.Equal([Case.RequestHeaders, Case.ResponseHeaders, Case.ResponseTrailers], ReplyKinds);
    }

    [Fact]
    public async Task Streamed_request_body_chunks_may_repeat_until_end_of_stream()
    {
        await RunAsync(RequestHeaders(), RequestBody("{", endOfStream: false), RequestBody("}", endOfStream: true), ResponseHeaders());

        Assert.Equal([Case.RequestHeaders, Case.RequestBody, Case.RequestBody, Case.ResponseHeaders], ReplyKinds);
    }

    [Fact]
    public async Task A_stream_without_request_headers_is_passed_through()
    {
        await RunAsync(RequestBody("{}"), ResponseHeaders(), ResponseBody("x"));

        Assert.Equal([Case.RequestBody, Case.ResponseHeaders, Case.ResponseBody], ReplyKinds);
        Assert.Equal(0, _factory.CreateCount);
        Assert.All(_writer.Responses, r => Assert.Equal(ProcessingResponses.Continue(PhaseOf(r.ResponseCase)), r));
    }

    [Fact]
    public async Task A_non_llm_path_closes_the_stream_cleanly_without_a_reply()
    {
        var reader = new ScriptedRequestReader([RequestHeaders(method: "GET", path: "/healthz"), ResponseHeaders()]);
        using var stream = new ProcessingStream(reader, _writer, _factory, NullLogger.Instance);

        await stream.RunAsync(CancellationToken.None);

        Assert.Empty(_writer.Responses);
        Assert.Equal(1, reader.ReadCount);
    }

    [Theory]
    [InlineData(ProcessingRequest.RequestOneofCase.RequestBody)]
    [InlineData(ProcessingRequest.RequestOneofCase.RequestHeaders)]
    [InlineData(ProcessingRequest.RequestOneofCase.RequestTrailers)]
    public async Task A_message_for_an_earlier_or_the_same_headers_phase_ends_the_stream_with_failed_precondition(
        ProcessingRequest.RequestOneofCase late)
    {
        ProcessingRequest lateMessage = late switch
        {
            ProcessingRequest.RequestOneofCase.RequestBody => RequestBody("{}"),
            ProcessingRequest.RequestOneofCase.RequestHeaders => RequestHeaders(),
            _ => RequestTrailers(),
        };

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => RunAsync(RequestHeaders(), ResponseHeaders(), lateMessage));

        Assert.Equal(GrpcStatusCode.FailedPrecondition, error.Status);
        Assert.Equal([Case.RequestHeaders, Case.ResponseHeaders], ReplyKinds);
    }

    [Fact]
    public async Task A_body_chunk_after_end_of_stream_ends_the_stream_with_failed_precondition()
    {
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            RunAsync(RequestHeaders(), RequestBody("{}"), ResponseHeaders(), ResponseBody("x"), ResponseBody("y")));

        Assert.Equal(GrpcStatusCode.FailedPrecondition, error.Status);
        Assert.Contains("end of stream", error.Message);
        Assert.Equal(4, _writer.Responses.Count);
    }

    [Fact]
    public async Task A_message_with_no_known_kind_ends_the_stream_with_unimplemented()
    {
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => RunAsync(RequestHeaders(), new ProcessingRequest()));

        Assert.Equal(GrpcStatusCode.Unimplemented, error.Status);
        Assert.Equal([Case.RequestHeaders], ReplyKinds);
    }

    [Fact]
    public async Task After_an_immediate_response_the_rest_of_the_stream_bypasses_the_processor()
    {
        _factory.Processor.RejectAt = ProcessingPhase.RequestBody;

        await RunAsync(RequestHeaders(), RequestBody("{}"), ResponseHeaders(400), ResponseBody("{\"error\":{}}"));

        Assert.Equal([Case.RequestHeaders, Case.ImmediateResponse, Case.ResponseHeaders, Case.ResponseBody], ReplyKinds);
        Assert.Equal([ProcessingPhase.RequestHeaders, ProcessingPhase.RequestBody], _factory.Processor.Calls);
        Assert.Null(_writer.Responses[3].ResponseBody.Response);
    }

    [Fact]
    public async Task A_processor_exception_answers_that_message_with_a_500_and_the_stream_goes_on()
    {
        _factory.Processor.ThrowAt = ProcessingPhase.RequestBody;

        await RunAsync(RequestHeaders(), RequestBody("{}"), ResponseHeaders());

        Assert.Equal([Case.RequestHeaders, Case.ImmediateResponse, Case.ResponseHeaders], ReplyKinds);
        Assert.Equal(500, (int)_writer.Responses[1].ImmediateResponse.Status.Code);
        Assert.DoesNotContain("boom", _writer.Responses[1].ImmediateResponse.Body.ToStringUtf8());
    }

    [Fact]
    public async Task A_failing_processor_factory_answers_the_headers_with_a_500_and_passes_the_rest_through()
    {
        _factory.Throw = true;

        await RunAsync(RequestHeaders(), RequestBody("{}"), ResponseHeaders());

        Assert.Equal([Case.ImmediateResponse, Case.RequestBody, Case.ResponseHeaders], ReplyKinds);
        Assert.Equal(500, (int)_writer.Responses[0].ImmediateResponse.Status.Code);
        Assert.Empty(_factory.Processor.Calls);
    }

    [Fact]
    public async Task Observability_mode_messages_get_no_reply()
    {
        var headers = RequestHeaders();
        headers.ObservabilityMode = true;
        var body = RequestBody("{}");
        body.ObservabilityMode = true;

        await RunAsync(headers, body);

        Assert.Empty(_writer.Responses);
        Assert.Equal([ProcessingPhase.RequestHeaders, ProcessingPhase.RequestBody], _factory.Processor.Calls);
    }

    [Fact]
    public async Task The_processor_is_disposed_when_the_stream_ends_normally_by_violation_or_by_cancellation()
    {
        await RunAsync(RequestHeaders(), RequestBody("{}"));
        Assert.Equal(1, _factory.Processor.DisposeCount);

        await Assert.ThrowsAsync<GrpcStatusException>(() => RunAsync(RequestHeaders(), new ProcessingRequest()));
        Assert.Equal(2, _factory.Processor.DisposeCount);

        using var cancellation = new CancellationTokenSource();
        var service = new ExternalProcessorService(_factory, NullLogger<ExternalProcessorService>.Instance);
        var reader = new ScriptedRequestReader([RequestHeaders()], holdOpenAtEnd: true);
        _writer.OnWrite = cancellation.Cancel;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => service.ProcessAsync(reader, _writer, cancellation.Token));
        Assert.Equal(3, _factory.Processor.DisposeCount);
    }

    [Fact]
    public async Task The_phase_is_tracked_forward()
    {
        var reader = new ScriptedRequestReader([RequestHeaders(), RequestBody("{}"), ResponseHeaders()]);
        using var stream = new ProcessingStream(reader, _writer, _factory, NullLogger.Instance);
        Assert.Equal(ProcessingPhase.Start, stream.Phase);

        await stream.RunAsync(CancellationToken.None);

        Assert.Equal(ProcessingPhase.ResponseHeaders, stream.Phase);
    }

    private static ProcessingPhase PhaseOf(Case kind) => kind switch
    {
        Case.RequestHeaders => ProcessingPhase.RequestHeaders,
        Case.RequestBody => ProcessingPhase.RequestBody,
        Case.RequestTrailers => ProcessingPhase.RequestTrailers,
        Case.ResponseHeaders => ProcessingPhase.ResponseHeaders,
        Case.ResponseBody => ProcessingPhase.ResponseBody,
        _ => ProcessingPhase.ResponseTrailers,
    };
}
