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
        // Only the chunk with the final totals is priced: the usage-only chunk, or a finishing chunk carrying usage.
        // Servers that report running usage on every chunk (vLLM's continuous_usage_stats) keep those untouched.
        var carriesFinalUsage = scan.HasUsage && (scan.ChoicesEmpty || scan.HasFinishReason);
        WriteEdited(data, scan, carriesFinalUsage, output, asEventPayload: true);
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
        WriteEdited(body, scan, scan.HasUsage, output, asEventPayload: false);
    }

    protected override void TranslateErrorBody(ReadOnlySpan<byte> body, IBufferWriter<byte> output)
    {
        if (ErrorShape.IsOpenAIError(body)) output.Write(body);
        else base.TranslateErrorBody(body, output);
    }

    /// <summary>Copies the chunk or body with the served model spliced in and, when priced, the cost added to its usage.</summary>
    private void WriteEdited(ReadOnlySpan<byte> json, OpenAIChunkScan scan, bool priceUsage, IBufferWriter<byte> output, bool asEventPayload)
    {
        if (priceUsage && CostOf(Usage) is { } cost) WriteWithCost(json, scan, cost, output, asEventPayload);
        else JsonSplice.Write(output, json, scan.Model, _servedModel, -1, [], asEventPayload);
    }

    // Apart from the hot path, so the chunks that carry no usage pay nothing for the cost's scratch space.
    private void WriteWithCost(ReadOnlySpan<byte> json, OpenAIChunkScan scan, decimal cost, IBufferWriter<byte> output, bool asEventPayload)
    {
        Span<byte> costMember = stackalloc byte[CostMember.MaxLength];
        var length = CostMember.Format(cost, CostMember.HasMembers(scan.UsageObject.Of(json)), costMember);
        var insertAt = scan.UsageObject.Start + scan.UsageObject.Length - 1;
        JsonSplice.Write(output, json, scan.Model, _servedModel, insertAt, costMember[..length], asEventPayload);
    }
}
