using System.Security.Cryptography;
using System.Text;
using ExtProcRouter.DecisionLog;

namespace ExtProcRouter.Tests.DecisionLog;

public class ConversationFingerprintTests
{
    private static string? HashOf(string json) => ConversationFingerprint.Compute(Encoding.UTF8.GetBytes(json), false).Hash;

    [Fact]
    public void The_hash_is_sha256_of_role_newline_trimmed_text_and_a_record_separator_per_message()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("user\nhi\u001eassistant\nhello\u001e")));

        Assert.Equal(expected, HashOf("""{"model":"x","messages":[{"role":"user","content":"  hi\n"},{"role":"assistant","content":"hello"}]}"""));
    }

    [Fact]
    public void Options_whitespace_and_content_part_shape_do_not_change_the_hash()
    {
        var plain = HashOf("""{"model":"a","messages":[{"role":"user","content":"line one\nline two"}]}""");
        var parts = HashOf("""{"model":"b","temperature":0.2,"stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"line one"},{"type":"text","text":"line two"}]}]}""");
        var crlf = HashOf("""{"messages":[{"role":"user","content":"line one\r\nline two  "}],"model":"c"}""");

        Assert.NotNull(plain);
        Assert.Equal(plain, parts);
        Assert.Equal(plain, crlf);
    }

    [Fact]
    public void Different_text_roles_or_system_prompts_give_different_hashes()
    {
        var user = HashOf("""{"messages":[{"role":"user","content":"hi"}]}""");
        Assert.NotEqual(user, HashOf("""{"messages":[{"role":"user","content":"hi!"}]}"""));
        Assert.NotEqual(user, HashOf("""{"messages":[{"role":"assistant","content":"hi"}]}"""));
        Assert.NotEqual(user, HashOf("""{"system":"be brief","messages":[{"role":"user","content":"hi"}]}"""));
    }

    [Fact]
    public void The_last_user_message_is_kept_only_when_asked()
    {
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"first"},{"role":"assistant","content":"a"},{"role":"user","content":" second "}]}""");

        Assert.Null(ConversationFingerprint.Compute(body, keepLastUserText: false).LastUserText);
        Assert.Equal("second", ConversationFingerprint.Compute(body, keepLastUserText: true).LastUserText);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"model":"x"}""")]
    [InlineData("""{"messages":"oops"}""")]
    public void Bodies_without_messages_have_no_hash(string body) => Assert.Null(HashOf(body));
}
