namespace ExtProcRouter.IntentModel.Conversation;

/// <summary>
/// The prose of a user message: its text without code, so that a one-line instruction ("Fix bugs in f.", "eli5?")
/// placed before or after a large block of code gets an embedding of its own instead of being drowned by the code in
/// one 128-token window. Fenced blocks are dropped whole; outside fences, lines that look like code (see
/// <see cref="LooksLikeCodeLine"/>) and unified-diff hunks are dropped. Pure and allocation-light enough for the
/// request path.
/// </summary>
public static class InstructionView
{
    /// <summary>
    /// Upper bound on the view's length. The encoder reads at most 128 tokens (head and tail) anyway; the bound keeps the
    /// tokenizer's work small when a long problem statement surrounds the code.
    /// </summary>
    public const int MaxCharacters = 1200;

    /// <summary>Of <see cref="MaxCharacters"/>, the share kept from the start; the rest comes from the end, where
    /// instructions after a pasted file sit.</summary>
    private const int HeadCharacters = 700;

    /// <summary>
    /// Line starts that prose (even a continuation line starting in lower case) practically never has. Words that
    /// also open instructions ("use a dict", "return a list", "let me know") are left to the other rules.
    /// </summary>
    private static readonly string[] CodeStarts =
    [
        "def ", "class ", "import ", "assert ", "assert(", "#include", "#define", "#!", "package ", "public ",
        "private ", "protected ", "static ", "fn ", "pub ", "const ", "var ", "func ", "impl ", "elif ", "else:", "else {",
        "except:", "except ", "finally:", "try:", "print(", "console.", "System.", "std::", "//", "/*", "*/", "* @", ">>>",
        "...", "@@", "diff --git", "--- ", "+++ ", "}", "{", ")", "]", "<?", "</", "Traceback (", "File \"", "SELECT ",
        "INSERT ", "UPDATE ", "DELETE ", "CREATE ", "ALTER ", "DROP ", "WHERE ", "FROM ", "JOIN ", "$ ",
    ];

    private static readonly string[] BlockKeywords = ["if", "for", "while", "else", "elif", "try", "except", "finally", "with", "def", "class", "case", "switch", "do", "match"];

    private static readonly string[] CodeOperators = ["==", "!=", "=>", "->", "&&", "||", "::", "+=", "-=", " = ", "();", "){", ") {", "[]", "\t"];

    /// <summary>
    /// The instruction view of <paramref name="message"/>. A message without code is returned as the same string
    /// instance (callers reuse its embedding); a message that is only code gives the empty string (no instruction).
    /// </summary>
    public static string From(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // One line cannot be split into instruction and code; it is its own instruction ("using my card abroad ...").
        if (message.Length == 0 || IsSingleLine(message)) return message;

        var prose = new List<string>();
        var sawCode = false;
        var inFence = false;
        var inDiff = false;
        foreach (var rawLine in message.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var trimmed = line.Trim();
            if (IsFence(trimmed))
            {
                inFence = !inFence;
                sawCode = true;
                continue;
            }
            if (inFence)
            {
                continue;
            }
            if (trimmed.Length == 0)
            {
                continue;
            }
            if (StartsDiff(trimmed)) inDiff = true;
            if (inDiff && IsDiffLine(line))
            {
                sawCode = true;
                continue;
            }
            inDiff = false;
            if (LooksLikeCodeLine(line))
            {
                sawCode = true;
                continue;
            }
            prose.Add(trimmed);
        }

        if (!sawCode) return message;
        return Bound(prose);
    }

    /// <summary>
    /// Whether one line (outside a code fence) reads as code: indentation, a code keyword or symbol at its start, a
    /// trailing brace or semicolon, a block keyword ending in a colon, operators prose does not use, a call, or mostly
    /// symbols. Prose that ends in a colon ("... solve the following problem:") stays prose.
    /// </summary>
    public static bool LooksLikeCodeLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var trimmed = line.Trim();
        if (trimmed.Length == 0) return false;
        if (line.StartsWith("  ", StringComparison.Ordinal) || line[0] == '\t') return true;

        foreach (var start in CodeStarts)
            if (trimmed.StartsWith(start, StringComparison.Ordinal)) return true;
        if (trimmed == "*" || trimmed.StartsWith("from ", StringComparison.Ordinal) && trimmed.Contains(" import ", StringComparison.Ordinal)) return true;
        if (trimmed[0] == '#' && trimmed.Length > 1 && trimmed[1] != ' ') return true; // "#include", "#!/bin"; "# Title" is prose

        // Inline code in a sentence ("Write a function `f(xs: List[int]) -> int` to ...") does not make it code.
        trimmed = WithoutInlineCode(trimmed);
        var last = trimmed[^1];
        if (last is '{' or ';' or '}' or '(' or '[' or ',' && !EndsLikeSentence(trimmed)) return true;
        if (last == ':' && StartsWithBlockKeyword(trimmed)) return true;

        foreach (var op in CodeOperators)
            if (trimmed.Contains(op, StringComparison.Ordinal)) return true;
        if (IsCall(trimmed)) return true;
        return MostlySymbols(trimmed);
    }

    /// <summary>Replaces each `...` span by one placeholder word; an unclosed backtick is left alone.</summary>
    private static string WithoutInlineCode(string trimmed)
    {
        if (!trimmed.Contains('`', StringComparison.Ordinal)) return trimmed;
        var builder = new System.Text.StringBuilder(trimmed.Length);
        var i = 0;
        while (i < trimmed.Length)
        {
            var open = trimmed.IndexOf('`', i);
            var close = open < 0 ? -1 : trimmed.IndexOf('`', open + 1);
            if (close < 0)
            {
                builder.Append(trimmed, i, trimmed.Length - i);
                break;
            }
            builder.Append(trimmed, i, open - i).Append("code");
            i = close + 1;
        }
        return builder.ToString();
    }

    private static bool IsSingleLine(string message)
    {
        var trimmed = message.AsSpan().Trim();
        return !trimmed.Contains('\n') && !trimmed.StartsWith("```", StringComparison.Ordinal);
    }

    private static bool IsFence(string trimmed) =>
        trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal);

    private static bool StartsDiff(string trimmed) =>
        trimmed.StartsWith("diff --git", StringComparison.Ordinal) || trimmed.StartsWith("--- a/", StringComparison.Ordinal) ||
        trimmed.StartsWith("+++ b/", StringComparison.Ordinal) || trimmed.StartsWith("@@ ", StringComparison.Ordinal);

    /// <summary>Within a unified diff: hunk lines (added, removed, context), hunk headers and the git header lines.</summary>
    private static bool IsDiffLine(string line) =>
        line[0] is '+' or '-' or ' ' or '@' or '\\' || line.StartsWith("diff ", StringComparison.Ordinal) ||
        line.StartsWith("index ", StringComparison.Ordinal) || line.StartsWith("new file mode", StringComparison.Ordinal) ||
        line.StartsWith("deleted file mode", StringComparison.Ordinal);

    /// <summary>A comma at the end of a long line of words is a sentence broken by the writer, not an argument list.</summary>
    private static bool EndsLikeSentence(string trimmed)
    {
        if (trimmed[^1] != ',') return false;
        var words = 0;
        foreach (var part in trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            if (part.All(char.IsLetter)) words++;
        return words >= 4;
    }

    private static bool StartsWithBlockKeyword(string trimmed)
    {
        var end = 0;
        while (end < trimmed.Length && char.IsLetter(trimmed[end])) end++;
        var first = trimmed.AsSpan(0, end);
        foreach (var keyword in BlockKeywords)
            if (first.SequenceEqual(keyword)) return true;
        return false;
    }

    /// <summary>"check(digitSum)", "foo.bar(1, 2) ==> 3": an identifier immediately followed by an argument list.</summary>
    private static bool IsCall(string trimmed)
    {
        var i = 0;
        while (i < trimmed.Length && (char.IsLetterOrDigit(trimmed[i]) || trimmed[i] is '_' or '.' or '$')) i++;
        return i > 0 && i < trimmed.Length && trimmed[i] == '(' && trimmed.Contains(')', StringComparison.Ordinal) &&
               !trimmed.AsSpan(0, i).Contains(' ');
    }

    /// <summary>Fewer than half of the visible characters are letters or digits (test vectors, separators).</summary>
    private static bool MostlySymbols(string trimmed)
    {
        int alphanumeric = 0, visible = 0;
        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c)) continue;
            visible++;
            if (char.IsLetterOrDigit(c)) alphanumeric++;
        }
        return alphanumeric * 2 < visible;
    }

    /// <summary>Joins the prose lines, keeping the first and last lines when they are longer than <see cref="MaxCharacters"/>.</summary>
    private static string Bound(List<string> prose)
    {
        var total = prose.Count == 0 ? 0 : prose.Sum(l => l.Length + 1) - 1;
        if (total <= MaxCharacters) return string.Join("\n", prose);

        var head = new List<string>();
        var used = 0;
        var next = 0;
        for (; next < prose.Count && used + prose[next].Length <= HeadCharacters; next++)
        {
            head.Add(prose[next]);
            used += prose[next].Length + 1;
        }
        if (head.Count == 0)
        {
            head.Add(prose[0][..HeadCharacters]);
            used = HeadCharacters + 1;
            next = 1;
        }

        var tail = new List<string>();
        var tailBudget = MaxCharacters - used;
        for (var i = prose.Count - 1; i >= next && tailBudget > 0; i--)
        {
            var line = prose[i];
            if (line.Length > tailBudget)
            {
                if (tail.Count == 0) tail.Add(line[^tailBudget..]);
                break;
            }
            tail.Add(line);
            tailBudget -= line.Length + 1;
        }
        tail.Reverse();
        return string.Join("\n", head.Concat(tail));
    }
}
