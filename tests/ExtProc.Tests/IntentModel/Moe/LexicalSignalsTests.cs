using ExtProcRouter.IntentModel.Moe;

namespace ExtProcRouter.Tests.IntentModel.Moe;

public sealed class LexicalSignalsTests
{
    [Fact]
    public void ContentWordsAreLowerCasedStemmedAndFreeOfStopWords() =>
        Assert.Equal(["fix", "bug", "parser"], LexicalSignals.ContentWords("Fixing the bugs in THE parser, it is"));

    [Theory]
    [InlineData("```python\nprint(1)\n```", true)]
    [InlineData("def add(a, b):\n    return (a + b)", true)]
    [InlineData("for (int i = 0; i < n; i++) { sum += a[i]; }", true)]
    [InlineData("Please write a short poem about the sea.", false)]
    public void LooksLikeCode(string text, bool expected) => Assert.Equal(expected, LexicalSignals.LooksLikeCode(text));

    [Theory]
    [InlineData("How do I reset my password", true)]
    [InlineData("is it raining?", true)]
    [InlineData("Write a function that sorts a list.", false)]
    public void IsQuestion(string text, bool expected) => Assert.Equal(expected, LexicalSignals.IsQuestion(text));

    [Fact]
    public void OverlapIsTheShareOfTheReferenceWordsFound() =>
        Assert.Equal(0.5f, LexicalSignals.Overlap(LexicalSignals.ContentWords("weather in Paris"), LexicalSignals.ContentWords("weather forecast")));
}
