namespace ExtProcRouter.IntentModel.Moe;

/// <summary>Cheap text signals the encoder misses: word overlap with a description, code, question form, length.</summary>
public static class LexicalSignals
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "but", "not", "you", "your", "with", "this", "that", "from", "have", "has", "was", "were",
        "will", "would", "can", "could", "should", "into", "about", "what", "which", "when", "where", "who", "how", "why",
        "its", "it's", "their", "there", "them", "then", "than", "these", "those", "some", "any", "all", "also", "such",
        "one", "our", "out", "use", "using", "used", "given", "give", "like", "just", "please", "want", "need", "does", "did",
        "get", "make", "may", "more", "most", "other", "each", "only", "own", "same", "very", "via", "etc", "e.g", "i.e",
    };

    private static readonly string[] QuestionStarts =
        ["what", "how", "why", "when", "where", "who", "which", "can", "could", "is", "are", "does", "do", "should", "would", "will"];

    /// <summary>Lower-cased words of at least three letters or digits, without stop words.</summary>
    public static HashSet<string> ContentWords(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                if (i - start >= 3)
                {
                    var word = text.Substring(start, i - start).ToLowerInvariant();
                    if (!StopWords.Contains(word)) words.Add(Stem(word));
                }
                start = -1;
            }
        }
        return words;
    }

    /// <summary>Fraction of <paramref name="reference"/>'s words that also occur in <paramref name="words"/>.</summary>
    public static float Overlap(HashSet<string> words, HashSet<string> reference)
    {
        if (reference.Count == 0) return 0f;
        var shared = 0;
        foreach (var word in reference) if (words.Contains(word)) shared++;
        return shared / (float)reference.Count;
    }

    /// <summary>A code fence, or enough code punctuation and keywords that the text is more program than prose.</summary>
    public static bool LooksLikeCode(string text)
    {
        if (text.Contains("```", StringComparison.Ordinal)) return true;
        var symbols = 0;
        foreach (var c in text) if (c is '{' or '}' or ';' or '(' or ')' or '=' or '<' or '>' or '[' or ']') symbols++;
        var keywords = text.Contains("def ", StringComparison.Ordinal) || text.Contains("function ", StringComparison.Ordinal) ||
                       text.Contains("#include", StringComparison.Ordinal) || text.Contains("return ", StringComparison.Ordinal) ||
                       text.Contains("import ", StringComparison.Ordinal) || text.Contains("public ", StringComparison.Ordinal);
        return text.Length > 0 && (symbols >= 6 && symbols > text.Length / 25 || keywords && symbols >= 4);
    }

    /// <summary>Ends with a question mark or opens with an interrogative word.</summary>
    public static bool IsQuestion(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length == 0) return false;
        if (trimmed[^1] == '?') return true;
        var end = 0;
        while (end < trimmed.Length && char.IsLetter(trimmed[end])) end++;
        var first = trimmed[..end];
        foreach (var start in QuestionStarts)
            if (first.Equals(start, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    public static int WordCount(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (!isSpace && !inWord) count++;
            inWord = !isSpace;
        }
        return count;
    }

    /// <summary>A crude suffix strip so that "fixing", "fixes" and "fix" meet.</summary>
    private static string Stem(string word)
    {
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ies", "es", "ed", "s"])
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
                return word[..^suffix.Length];
        }
        return word;
    }
}
