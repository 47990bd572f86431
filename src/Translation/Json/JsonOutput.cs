using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ExtProcRouter.Translation.Json;

/// <summary>One reusable <see cref="Utf8JsonWriter"/> per translator, pointed at whichever output the current chunk writes to.</summary>
internal sealed class JsonOutput
{
    /// <summary>
    /// Relaxed escaping keeps non-ASCII text as UTF-8 (as providers send it) instead of \uXXXX; output is JSON
    /// inside a JSON/SSE body, never HTML, so the HTML-safety escapes are not needed.
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private Utf8JsonWriter? _writer;

    public Utf8JsonWriter Start(IBufferWriter<byte> output)
    {
        if (_writer is null) _writer = new Utf8JsonWriter(output, Options);
        else _writer.Reset(output);
        return _writer;
    }

    /// <summary>Encodes a string as a quoted JSON string once, for values written into every chunk.</summary>
    public static byte[] QuotedString(string value)
    {
        var encoded = JsonEncodedText.Encode(value, Options.Encoder).EncodedUtf8Bytes;
        var quoted = new byte[encoded.Length + 2];
        quoted[0] = (byte)'"';
        encoded.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        return quoted;
    }
}
