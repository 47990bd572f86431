using ExtProcRouter.Routing.Affinity;
using System.Buffers;
using System.Text.Json;
using ExtProcRouter.Metrics;
using ExtProcRouter.Processing;

namespace ExtProcRouter.DecisionLog;

/// <summary>
/// One request as one JSON object (no line break inside). Only routing facts, timings, tokens, cost and status:
/// never headers (so never credentials), and the prompt only when <paramref name="includePrompt"/>.
/// </summary>
public static class DecisionLogLine
{
    public static void Write(RequestRecord record, bool includePrompt, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteString(DecisionLogFields.Timestamp, record.StartedAt.UtcDateTime);
        WriteStringOrNull(json, DecisionLogFields.Router, record.Router);
        WriteStringOrNull(json, DecisionLogFields.Task, record.SelectedRoute);
        json.WriteBoolean(DecisionLogFields.Fallback, record.Fallback);
        WriteStringOrNull(json, DecisionLogFields.RequestedModel, record.RequestedModel);
        WriteStringOrNull(json, DecisionLogFields.Model, record.ServedModel);
        WriteStringOrNull(json, DecisionLogFields.Provider, record.Provider);
        WriteStringOrNull(json, DecisionLogFields.Affinity, record.Affinity is { } affinity ? AffinityOutcomeLabels.Of(affinity) : null);
        WriteMilliseconds(json, DecisionLogFields.DecisionMs, record.DecisionLatency);
        WriteMilliseconds(json, DecisionLogFields.ClassificationMs, record.ClassificationLatency);
        WriteMilliseconds(json, DecisionLogFields.TimeToFirstTokenMs, record.TimeToFirstToken);
        WriteMilliseconds(json, DecisionLogFields.TotalMs, record.Duration);
        WriteNumberOrNull(json, DecisionLogFields.InputTokens, record.Usage.InputTokens);
        WriteNumberOrNull(json, DecisionLogFields.OutputTokens, record.Usage.OutputTokens);
        WriteNumberOrNull(json, DecisionLogFields.CachedTokens, record.Usage.CachedInputTokens);
        if (record.CostUsd is { } cost) json.WriteNumber(DecisionLogFields.CostUsd, cost);
        else json.WriteNull(DecisionLogFields.CostUsd);
        json.WriteNumber(DecisionLogFields.Status, record.StatusCode);
        json.WriteString(DecisionLogFields.Outcome, RequestMetricsRecorder.OutcomeLabel(record.Outcome));
        json.WriteBoolean(DecisionLogFields.Streamed, record.Streamed);
        WriteStringOrNull(json, DecisionLogFields.ConversationHash, record.ConversationHash);
        if (includePrompt && record.PromptText is { } prompt) json.WriteString(DecisionLogFields.Prompt, prompt);
        json.WriteEndObject();
    }

    public static string Format(RequestRecord record, bool includePrompt)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(record, includePrompt, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number) json.WriteNumber(name, number);
        else json.WriteNull(name);
    }

    private static void WriteMilliseconds(Utf8JsonWriter json, string name, TimeSpan? value)
    {
        // Microsecond resolution is plenty and keeps lines short.
        if (value is { } span) json.WriteNumber(name, Math.Round(span.TotalMilliseconds, 3));
        else json.WriteNull(name);
    }
}
