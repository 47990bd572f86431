using ExtProcRouter.IntentModel.Keyword;

namespace ExtProcRouter.Tests.IntentModel.Keyword;

public sealed class KeywordAnalyzerTests
{
    [Fact]
    public void Splits_lowercases_and_drops_stop_words()
    {
        Assert.Equal(["fix", "bug", "parse", "json"], KeywordAnalyzer.Terms("Please fix THE bug in parse_json!"));
    }

    [Theory]
    [InlineData("bugs", "bug")]
    [InlineData("fixing", "fix")]
    [InlineData("fixed", "fix")]
    [InlineData("stopping", "stop")]
    [InlineData("queries", "query")]
    [InlineData("classes", "class")]
    [InlineData("status", "status")]
    [InlineData("analysis", "analysis")]
    [InlineData("python3", "python3")]
    [InlineData("sql", "sql")]
    public void Stems_inflections_lightly(string word, string stem)
    {
        Assert.Equal(stem, KeywordAnalyzer.Stem(word));
    }

    [Fact]
    public void Single_letters_are_not_terms()
    {
        Assert.Empty(KeywordAnalyzer.Terms("a b c x y z"));
    }
}
