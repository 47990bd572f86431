using System.Text.Json;
using ExtProcRouter.Translation.Buffers;
using ExtProcRouter.Translation.Json;

namespace ExtProcRouter.Translation.OpenAI;

/// <summary>
/// OpenAI Chat request to an OpenAI-compatible upstream: the body is kept byte for byte except the model,
/// and streams always ask for usage (API reference, "Create chat completion" → stream_options.include_usage)
/// so every streamed request can be metered.
/// </summary>
internal static class OpenAIRequestRewriter
{
    public readonly record struct Result(byte[] Body, bool Stream, bool ClientAskedForUsage);

    public static Result Rewrite(ReadOnlySpan<byte> body, string upstreamModelId)
    {
        var fields = RequestFields.Scan(body);
        var modelEdit = new Edit(fields.Model, JsonOutput.QuotedString(upstreamModelId));
        Edit? usageEdit = null;
        if (fields.Stream && !fields.StreamOptionsIncludeUsage)
        {
            usageEdit = fields.StreamOptions.IsPresent
                ? new Edit(fields.StreamOptions, StreamOptionsWithUsage(fields.StreamOptions.Of(body)))
                : new Edit(new JsonRange(fields.ClosingBrace, 0), ",\"stream_options\":{\"include_usage\":true}"u8.ToArray());
        }

        using var output = new PooledByteBuffer();
        var position = 0;
        foreach (var edit in Ordered(modelEdit, usageEdit))
        {
            output.Append(body[position..edit.Range.Start]);
            output.Append(edit.Replacement);
            position = edit.Range.Start + edit.Range.Length;
        }
        output.Append(body[position..]);
        return new Result(output.ToArray(), fields.Stream, fields.StreamOptionsIncludeUsage);
    }

    private static Edit[] Ordered(Edit first, Edit? second) =>
        second is not { } other ? [first]
        : other.Range.Start < first.Range.Start ? [other, first]
        : [first, other];

    /// <summary>The client's stream_options with include_usage forced on and every other option kept.</summary>
    private static byte[] StreamOptionsWithUsage(ReadOnlySpan<byte> options)
    {
        using var buffer = new PooledByteBuffer();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("include_usage"u8, true);
            var reader = new Utf8JsonReader(options);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("include_usage"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                var name = reader.GetString()!;
                reader.Read();
                var value = JsonReading.TakeRawValue(ref reader);
                writer.WritePropertyName(name);
                writer.WriteRawValue(value.Of(options), skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private readonly record struct Edit(JsonRange Range, byte[] Replacement);
}
