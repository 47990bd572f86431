using System.Buffers;
using ExtProcRouter.Translation.Json;
using ExtProcRouter.Translation.Sse;

namespace ExtProcRouter.Translation.OpenAI;

/// <summary>
/// OpenAI Chat client → OpenAI-compatible upstream (OpenAI, vLLM, Groq, DigitalOcean, ...). Requests keep
/// every byte but the model; responses keep every byte but <c>model</c>, which names the served slug.
/// </summary>
internal sealed class OpenAIPassthroughTranslator(TimeProvider timeProvider) : TranslatorBase(timeProvider)
{
    private byte[] _servedModel = [];
    private bool _clientAskedForUsage = true;
    private bool _sawFinishReason;
    private bool _sawDone;

    protected override ApiFormat ClientFormat => ApiFormat.OpenAIChat;

    public override TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody, UpstreamTarget target)
    {
        var result = OpenAIRequestRewriter.Rewrite(clientBody, target.UpstreamModelId);
        _servedModel = JsonOutput.QuotedString(target.ServedModelSlug);
        _clientAskedForUsage = result.ClientAskedForUsage || !result.Stream;
        return new TranslatedRequest(result.Body, target.BasePath + "/chat/completions", result.Stream, []);
    }

    protected override bool OnStreamEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (SseWriting.IsDone(data))
        {
            _sawDone = true;
            SseWriting.WriteDone(output);
            return false;
        }

        var usage = Usage;
        var scan = OpenAIChunkScan.Scan(data, ref usage);
        Usage = usage;
        _sawFinishReason |= scan.HasFinishReason;

        // The router asked for usage on the client's behalf: the usage-only chunk is for the router's meter.
        if (scan.ChoicesEmpty && scan.HasUsage && !_clientAskedForUsage) return true;

        SseWriting.BeginData(output);
        WriteWithServedModel(data, scan.Model, output, asEventPayload: true);
        SseWriting.End(output);
        // An error object mid-stream is the upstream's last word; pass it on and end.
        return !scan.HasError;
    }

    protected override void OnStreamEnd(IBufferWriter<byte> output)
    {
        if (_sawDone) return;
        // Some compatible servers end a finished stream without [DONE]; only an unfinished one is truncated.
        if (_sawFinishReason) SseWriting.WriteDone(output);
        else WriteStreamError(output, "upstream stream ended before the answer was complete", "upstream_error", "truncated_stream");
    }

    protected override void TranslateJsonBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        var usage = Usage;
        var scan = OpenAIChunkScan.Scan(body, ref usage);
        Usage = usage;
        WriteWithServedModel(body, scan.Model, output);
    }

    protected override void TranslateErrorBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        if (ErrorShape.IsOpenAIError(body)) output.Write(body);
        else base.TranslateErrorBody(body, output);
    }

    private void WriteWithServedModel(ReadOnlySpan<byte> json, JsonRange model, IBufferWriter<byte> output, bool asEventPayload = false)
    {
        if (!model.IsPresent)
        {
            Write(output, json, asEventPayload);
            return;
        }
        Write(output, json[..model.Start], asEventPayload);
        output.Write(_servedModel);
        Write(output, json[(model.Start + model.Length)..], asEventPayload);
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes, bool asEventPayload)
    {
        if (asEventPayload) SseWriting.WritePayload(output, bytes);
        else output.Write(bytes);
    }
}
