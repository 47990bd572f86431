using System.Buffers;

namespace ExtProcRouter.Translation;

/// <summary>
/// Translates one request and its response between the client's API and the provider's API.
/// One instance per HTTP request: it keeps the streaming parser state between response chunks.
/// </summary>
public interface ITranslator
{
    /// <summary>
    /// Rewrites the client's request body for the provider. Throws <see cref="TranslationException"/>
    /// (status 400/422 naming the field) for input it cannot translate faithfully.
    /// </summary>
    TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody, UpstreamTarget target);

    /// <summary>Called once before the body with the upstream status and whether it is a server-sent event stream.</summary>
    void BeginResponse(int statusCode, bool isEventStream);

    /// <summary>
    /// Translates one upstream body chunk (split anywhere) into <paramref name="output"/>, emitting every complete
    /// event at once. With <paramref name="endOfStream"/> it flushes, and ends a truncated stream with an error event.
    /// Non-2xx bodies are translated into the client API's error shape.
    /// </summary>
    void TranslateResponseChunk(ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output);

    /// <summary>Token usage seen so far in the response.</summary>
    TokenUsage Usage { get; }

    /// <summary>
    /// True once a successful (2xx) upstream body was unusable (malformed or too large) and was replaced by an error
    /// body: a buffered response should then not reach the client with the upstream's 2xx status.
    /// </summary>
    bool ResponseReplacedByError { get; }
}
