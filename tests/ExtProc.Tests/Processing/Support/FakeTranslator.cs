using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.Processing.Support;

/// <summary>
/// Stands in for a real translator: rewrites <c>model</c> to the upstream id and adds a marker field on the way
/// up; on the way down replaces the upstream id with the served slug and prefixes every chunk with <c>T|</c>, so a
/// test can see exactly which bytes went through translation.
/// </summary>
internal sealed class FakeTranslator(ApiFormat client, ApiFormat provider) : ITranslator
{
    private UpstreamTarget? _target;

    public ApiFormat Client { get; } = client;
    public ApiFormat Provider { get; } = provider;
    public Func<TranslatedRequest, TranslatedRequest>? AdjustRequest { get; set; }
    public Exception? ThrowOnRequest { get; set; }
    public Exception? ThrowOnResponse { get; set; }
    public List<(int Status, bool IsEventStream)> Begins { get; } = [];
    public List<(string Chunk, bool EndOfStream)> Chunks { get; } = [];
    public TokenUsage Usage { get; set; } = new(12, 34, null);
    public bool ResponseReplacedByError { get; set; }

    public TranslatedRequest TranslateRequest(ReadOnlySpan<byte> clientBody, UpstreamTarget target)
    {
        if (ThrowOnRequest is not null) throw ThrowOnRequest;
        _target = target;
        var json = JsonNode.Parse(clientBody)!.AsObject();
        json["model"] = target.UpstreamModelId;
        json["translated_by"] = "fake";
        var stream = json["stream"]?.GetValue<bool>() ?? false;
        var translated = new TranslatedRequest(Encoding.UTF8.GetBytes(json.ToJsonString()), target.BasePath + "/chat/completions",
            stream, [new("x-fake-provider-version", "7")]);
        return AdjustRequest?.Invoke(translated) ?? translated;
    }

    public void BeginResponse(int statusCode, bool isEventStream) => Begins.Add((statusCode, isEventStream));

    public void TranslateResponseChunk(ReadOnlySpan<byte> chunk, bool endOfStream, IBufferWriter<byte> output)
    {
        if (ThrowOnResponse is not null) throw ThrowOnResponse;
        var text = Encoding.UTF8.GetString(chunk);
        Chunks.Add((text, endOfStream));
        if (text.Length == 0) return;
        var translated = "T|" + text.Replace(_target!.UpstreamModelId, _target.ServedModelSlug, StringComparison.Ordinal);
        output.Write(Encoding.UTF8.GetBytes(translated));
    }
}
