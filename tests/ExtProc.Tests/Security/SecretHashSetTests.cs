using ExtProcRouter.Security;

namespace ExtProcRouter.Tests.Security;

public class SecretHashSetTests
{
    [Fact]
    public void Matches_only_exact_secrets_and_ignores_blank_entries()
    {
        var set = new SecretHashSet(["alpha", "", "  ", "βeta-ünïcode"]);
        Assert.Equal(2, set.Count);
        Assert.True(set.Contains("alpha"));
        Assert.True(set.Contains("βeta-ünïcode"));
        Assert.False(set.Contains("alph"));
        Assert.False(set.Contains("alpha "));
        Assert.False(set.Contains(""));
    }

    [Fact]
    public void An_empty_set_matches_nothing() => Assert.False(new SecretHashSet([]).Contains("anything"));

    [Fact]
    public void Keeps_no_plain_text_copy_of_a_secret()
    {
        const string secret = "sk-plain-text-must-not-be-kept";
        var set = new SecretHashSet([secret]);
        var fields = typeof(SecretHashSet).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);
        foreach (var field in fields)
        {
            var value = field.GetValue(set);
            Assert.IsNotType<string>(value);
            Assert.IsNotType<string[]>(value);
        }
        Assert.True(set.Contains(secret));
    }
}
