using System.Collections.Frozen;

namespace ExtProcRouter.IntentModel.Keyword;

/// <summary>
/// Turns text into the terms BM25 compares: lower-cased letter/digit runs (so snake_case and kebab-case split),
/// without English stop words, lightly stemmed so that "bugs", "fixing" and "fixed" meet "bug" and "fix".
/// </summary>
public static class KeywordAnalyzer
{
    private static readonly FrozenSet<string> StopWords = new[]
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
        "been", "before", "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "each", "few",
        "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "me", "more", "most", "my", "myself",
        "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over",
        "own", "please", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us",
        "very", "want", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
        "will", "with", "would", "you", "your", "yours", "yourself", "given", "return", "returns", "one", "e", "g",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Adds the terms of <paramref name="text"/> to <paramref name="terms"/> (duplicates kept: term frequency matters).</summary>
    public static void AddTerms(ReadOnlySpan<char> text, List<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Span<char> buffer = stackalloc char[64];
        var length = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                if (length < buffer.Length)
                {
                    buffer[length++] = char.ToLowerInvariant(c);
                }
                continue;
            }
            if (length > 1)
            {
                var word = new string(buffer[..length]);
                if (!StopWords.Contains(word))
                {
                    terms.Add(Stem(word));
                }
            }
            length = 0;
        }
    }

    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        AddTerms(text, terms);
        return terms;
    }

    /// <summary>A deliberately small suffix stripper: enough to join inflections, never so much that it conflates words.</summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 3 || char.IsDigit(word[^1]))
        {
            return word;
        }
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }
        if (word.EndsWith("sses", StringComparison.Ordinal))
        {
            return word[..^2];
        }
        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5)
        {
            return Undouble(word[..^3]);
        }
        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4)
        {
            return Undouble(word[..^2]);
        }
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal)
            && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }
        return word;
    }

    /// <summary>"stopp" -> "stop", "fix" stays: undo the consonant doubling of "stopping"/"stopped".</summary>
    private static string Undouble(string stem) =>
        stem.Length > 2 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') && !"aeiou".Contains(stem[^1])
            ? stem[..^1]
            : stem;
}
