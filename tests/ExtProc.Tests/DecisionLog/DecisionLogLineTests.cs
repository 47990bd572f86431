using ExtProcRouter.Routing.Affinity;
using System.Text.Json;
using ExtProcRouter.DecisionLog;
using ExtProcRouter.Processing;
using ExtProcRouter.Translation;

namespace ExtProcRouter.Tests.DecisionLog;

public class DecisionLogLineTests
{
    private static readonly RequestRecord Record = new(
        "router:coding", "gpt-oss-20b", "openai", "bug_fixing", 200, true, new TokenUsage(94, 80, 10),
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), TimeSpan.FromMilliseconds(120.5), TimeSpan.FromMilliseconds(900),
        RequestOutcome.Completed, Router: "coding", Fallback: false, Affinity: AffinityOutcome.Hit, DecisionLatency: TimeSpan.FromTicks(31_234),
        ClassificationLatency: TimeSpan.FromMilliseconds(2), CostUsd: 0.0000407m, ConversationHash: new string('a', 64),
        PromptText: "please fix my secret code");

    [Fact]
    public void A_line_is_one_json_object_with_every_field()
    {
        var line = DecisionLogLine.Format(Record, includePrompt: false);

        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("2026-01-02T03:04:05Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("coding", root.GetProperty("router").GetString());
        Assert.Equal("bug_fixing", root.GetProperty("task").GetString());
        Assert.False(root.GetProperty("fallback").GetBoolean());
        Assert.Equal("router:coding", root.GetProperty("requested_model").GetString());
        Assert.Equal("gpt-oss-20b", root.GetProperty("model").GetString());
        Assert.Equal("openai", root.GetProperty("provider").GetString());
        Assert.Equal("hit", root.GetProperty("affinity").GetString());
        Assert.Equal(3.123, root.GetProperty("decision_ms").GetDouble());
        Assert.Equal(2, root.GetProperty("classification_ms").GetDouble());
        Assert.Equal(120.5, root.GetProperty("ttft_ms").GetDouble());
        Assert.Equal(900, root.GetProperty("total_ms").GetDouble());
        Assert.Equal(94, root.GetProperty("input_tokens").GetInt64());
        Assert.Equal(80, root.GetProperty("output_tokens").GetInt64());
        Assert.Equal(10, root.GetProperty("cached_tokens").GetInt64());
        Assert.Equal(0.0000407m, root.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(200, root.GetProperty("status").GetInt32());
        Assert.Equal("completed", root.GetProperty("outcome").GetString());
        Assert.True(root.GetProperty("streamed").GetBoolean());
        Assert.Equal(new string('a', 64), root.GetProperty("conversation_hash").GetString());
        Assert.False(root.TryGetProperty("prompt", out _));
        Assert.DoesNotContain("secret code", line);
    }

    [Fact]
    public void The_prompt_appears_only_when_enabled()
    {
        using var json = JsonDocument.Parse(DecisionLogLine.Format(Record, includePrompt: true));
        Assert.Equal("please fix my secret code", json.RootElement.GetProperty("prompt").GetString());
    }

    [Fact]
    public void Unknown_values_are_null_not_missing()
    {
        var bare = new RequestRecord(null, null, null, null, 0, false, default, DateTimeOffset.UnixEpoch, null, TimeSpan.Zero,
            RequestOutcome.Incomplete);
        using var json = JsonDocument.Parse(DecisionLogLine.Format(bare, includePrompt: true));
        var root = json.RootElement;
        foreach (var name in new[] { "router", "task", "model", "affinity", "decision_ms", "input_tokens", "cost_usd", "conversation_hash" })
            Assert.Equal(JsonValueKind.Null, root.GetProperty(name).ValueKind);
        Assert.Equal("incomplete", root.GetProperty("outcome").GetString());
        Assert.False(root.TryGetProperty("prompt", out _));
    }
}
