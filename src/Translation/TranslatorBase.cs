using System.Buffers;
using System.Text.Json;
using ExtProcRouter.Translation.Buffers;
using ExtProcRouter.Translation.Errors;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.Sse;

namespace ExtProcRouter.Translation;

/// <summary>
/// The response side every pair shares: routes chunks to the SSE parser (streams), or buffers whole bodies
/// (JSON answers and non-2xx errors), and guarantees that a broken upstream ends the client's stream with one
/// well-formed error in the client's shape.
/// </summary>
internal abstract class TranslatorBase : ITranslator, ISseEventHandler
{
    /// <summary>Non-streamed bodies are buffered whole; past this size the upstream is treated as broken.</summary>
    private const int MaxBufferedBodyBytes = 64 * 1024 * 1024;

    private readonly SseEventParser _events = new();
    private readonly PooledByteBuffer _body = new();
    private readonly PooledByteBuffer _eventOutput = new();
    private ResponseMode _mode;
    private bool _ended;

    protected TranslatorBase(TimeProvider timeProvider) => TimeProvider = timeProvider;

    private enum ResponseMode { NotStarted, EventStream, JsonBody, ErrorBody }

    public TokenUsage Usage { get; protected set; }

    /// <summary>
    /// Prices a usage in USD for the model serving this request (null: unpriced). Given by whoever knows the prices
    /// (the sidecar's config), so the library stays free of them; without it no cost is written.
    /// </summary>
    internal Func<TokenUsage, decimal?>? CostOfUsage { get; init; }

    public bool ResponseReplacedByError { get; private set; }

    protected TimeProvider TimeProvider { get; }

    /// <summary>The cost to write next to <paramref name="usage"/> in the client's usage object, or null to write none.</summary>
    protected decimal? CostOf(TokenUsage usage) => CostOfUsage?.Invoke(usage);

    protected JsonOutput Json { get; } = new();

    protected int StatusCode { get; private set; }

    protected abstract ApiFormat ClientFormat { get; }

    public abstract TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody, UpstreamTarget target);

    public void BeginResponse(int statusCode, bool isEventStream)
    {
        StatusCode = statusCode;
        _mode = statusCode is < 200 or > 299 ? ResponseMode.ErrorBody
            : isEventStream ? ResponseMode.EventStream
            : ResponseMode.JsonBody;
        OnBeginResponse();
    }

    public void TranslateResponseChunk(ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output)
    {
        if (_ended) return;
        if (_mode == ResponseMode.NotStarted)
            throw new InvalidOperationException($"{nameof(BeginResponse)} must be called before the response body.");

        if (_mode == ResponseMode.EventStream)
        {
            var keepGoing = _events.Feed(chunk, this, output);
            if (!keepGoing && _events.Overflowed)
                WriteStreamError(output, "upstream sent a stream event larger than the router accepts", "upstream_error", "event_too_large");
            if (keepGoing && endOfStream && _events.Complete(this, output)) OnStreamEnd(output);
            if (!keepGoing || endOfStream) End();
            return;
        }

        if (_body.Length + chunk.Length > MaxBufferedBodyBytes)
        {
            WriteErrorBody(output, new UpstreamError("upstream response body is larger than the router accepts", "upstream_error", "body_too_large", null));
            ResponseReplacedByError = _mode == ResponseMode.JsonBody;
            End();
            return;
        }
        _body.Append(chunk);
        if (!endOfStream) return;

        if (_mode == ResponseMode.ErrorBody)
        {
            TranslateErrorBody(_body.WrittenSpan, output);
        }
        else
        {
            // Translate into a scratch buffer first: a body that turns out malformed halfway must not leave half a translation.
            using var scratch = new PooledByteBuffer();
            try
            {
                TranslateJsonBody(_body.WrittenSpan, scratch);
                output.Write(scratch.WrittenSpan);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                WriteErrorBody(output, new UpstreamError("upstream returned a malformed response body", "upstream_error", "invalid_upstream_response", null));
                ResponseReplacedByError = true;
            }
        }
        End();
    }

    bool ISseEventHandler.OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        // Each event is translated into scratch space and released whole, so an event found malformed halfway
        // through can never leave half a translated event in front of the error.
        _eventOutput.Clear();
        try
        {
            var keepGoing = OnStreamEvent(eventType, data, _eventOutput);
            output.Write(_eventOutput.WrittenSpan);
            return keepGoing;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            WriteStreamError(output, "upstream sent a malformed stream event", "upstream_error", "invalid_upstream_response");
            return false;
        }
    }

    protected virtual void OnBeginResponse()
    {
    }

    /// <summary>Translates one complete upstream event; returns false once the stream is over (normally or by an error it wrote).</summary>
    protected abstract bool OnStreamEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output);

    /// <summary>The upstream stream ended while still open: finish it, or report it as truncated.</summary>
    protected abstract void OnStreamEnd(IBufferWriter<byte> output);

    /// <summary>Translates a whole 2xx JSON body; may throw <see cref="JsonException"/> for malformed input.</summary>
    protected abstract void TranslateJsonBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output);

    /// <summary>Translates a whole non-2xx body into the client's error shape.</summary>
    protected virtual void TranslateErrorBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output) =>
        WriteErrorBody(output, UpstreamError.Parse(body, StatusCode));

    protected void WriteErrorBody(IBufferWriter<byte> output, UpstreamError error)
    {
        var writer = Json.Start(output);
        WriteClientError(writer, error);
        writer.Flush();
    }

    /// <summary>A terminal error event in the client's streaming shape.</summary>
    protected void WriteStreamError(IBufferWriter<byte> output, string message, string type, string? code) =>
        WriteStreamError(output, new UpstreamError(message, type, code, null));

    protected void WriteStreamError(IBufferWriter<byte> output, UpstreamError error)
    {
        if (ClientFormat == ApiFormat.AnthropicMessages) SseWriting.BeginEvent(output, "error"u8);
        else SseWriting.BeginData(output);
        var writer = Json.Start(output);
        WriteClientError(writer, error);
        writer.Flush();
        SseWriting.End(output);
    }

    private void WriteClientError(Utf8JsonWriter writer, UpstreamError error)
    {
        var status = StatusCode is >= 200 and <= 299 ? 502 : StatusCode;
        if (ClientFormat == ApiFormat.AnthropicMessages)
            ErrorWriting.WriteAnthropic(writer, error.Message, error.Type ?? ErrorTypes.AnthropicFor(status));
        else
            ErrorWriting.WriteOpenAI(writer, error.Message, error.Type ?? ErrorTypes.OpenAIFor(status), error.Param, error.Code);
    }

    private void End()
    {
        _ended = true;
        _events.Dispose();
        _body.Dispose();
        _eventOutput.Dispose();
    }
}
