using System.Text;
using System.Text.Json;
using ExtProcRouter.DecisionLog;
using ExtProcRouter.Processing;
using ExtProcRouter.Tests.Metrics.Support;
using static ExtProcRouter.Tests.Processing.Support.Messages;

namespace ExtProcRouter.Tests.DecisionLog;

/// <summary>Requests through the real service with the decision log attached: one line each, no prompt, no secret.</summary>
public class DecisionLogWriterTests
{
    private const string Prompt = "my private question about invoices";
    private const string ClientToken = "Bearer sk-client-secret-0000";
    private static readonly string Body = $$"""{"model":"gpt-oss-20b","messages":[{"role":"system","content":"be terse"},{"role":"user","content":"{{Prompt}}"}]}""";

    private static async Task<string> RunAsync(bool includePrompt, int requests)
    {
        var output = new StringWriter { NewLine = "\n" };
        var writer = new DecisionLogWriter(output, includePrompt);
        var harness = new MeteredHarness(writer);
        for (var i = 0; i < requests; i++)
        {
            await harness.RunAsync(RequestHeaders(extra: [("authorization", ClientToken)]), RequestBody(Body), ResponseHeaders(),
                ResponseBody("""{"choices":[]}"""));
        }
        await writer.DisposeAsync();
        return output.ToString();
    }

    [Fact]
    public async Task Each_request_is_one_line_with_tokens_cost_hash_and_no_prompt_or_credentials()
    {
        var log = await RunAsync(includePrompt: false, requests: 3);

        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain(Prompt, log);
        Assert.DoesNotContain("invoices", log);
        Assert.DoesNotContain("be terse", log);
        Assert.DoesNotContain("sk-client-secret", log);
        Assert.DoesNotContain(MeteredHarness.OpenAIKey, log);
        var expectedHash = ConversationFingerprint.Compute(Encoding.UTF8.GetBytes(Body), false).Hash;
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal("gpt-oss-20b", root.GetProperty("model").GetString());
            Assert.Equal(94, root.GetProperty("input_tokens").GetInt64());
            Assert.Equal(0.0000407m, root.GetProperty("cost_usd").GetDecimal());
            Assert.Equal(200, root.GetProperty("status").GetInt32());
            Assert.Equal(30, root.GetProperty("total_ms").GetDouble());
            Assert.Equal(expectedHash, root.GetProperty("conversation_hash").GetString());
            Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("conversation_hash").GetString());
        }
    }

    [Fact]
    public async Task With_prompt_text_enabled_the_latest_user_message_is_logged_and_still_no_credentials()
    {
        var log = await RunAsync(includePrompt: true, requests: 1);

        using var json = JsonDocument.Parse(log.Trim());
        Assert.Equal(Prompt, json.RootElement.GetProperty("prompt").GetString());
        Assert.DoesNotContain("sk-client-secret", log);
        Assert.DoesNotContain(MeteredHarness.OpenAIKey, log);
    }

    [Fact]
    public void The_writer_asks_for_the_hash_always_and_for_the_prompt_only_when_enabled()
    {
        Assert.Equal(RequestCapture.ConversationHash, new DecisionLogWriter(TextWriter.Null, false).Capture);
        Assert.Equal(RequestCapture.ConversationHash | RequestCapture.PromptText, new DecisionLogWriter(TextWriter.Null, true).Capture);
    }

    [Fact]
    public async Task Open_appends_to_a_file()
    {
        var directory = Directory.CreateTempSubdirectory("decision-log-");
        try
        {
            var path = Path.Combine(directory.FullName, "nested", "decisions.jsonl");
            for (var run = 0; run < 2; run++)
            {
                await using var writer = DecisionLogWriter.Open(new DecisionLogOptions(path));
                writer.Record(new RequestRecord("m", "m", "p", null, 200, false, default, DateTimeOffset.UnixEpoch, null, TimeSpan.Zero,
                    RequestOutcome.Completed));
            }
            Assert.Equal(2, File.ReadAllLines(path).Length);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
