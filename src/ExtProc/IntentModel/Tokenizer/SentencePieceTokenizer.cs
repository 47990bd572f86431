using System.Buffers;
using System.Text;

namespace ExtProcRouter.IntentModel.Tokenizer;

/// <summary>
/// The Universal Sentence Encoder Lite tokenizer, ported to match the TF.js one bit for bit (the tokenizer of
/// npm <c>@energetic-ai/embeddings</c> / <c>@tensorflow-models/universal-sentence-encoder</c>): NFKC, a leading
/// U+2581 and every U+0020 replaced by U+2581, a Viterbi search over the pieces' scores with unknown symbols as
/// id 0 (consecutive ones merged). The reference's quirks are kept on purpose, because the encoder was trained
/// on its output: only U+0020 counts as a space; a best score of exactly 0 counts as "unset"; ties go to the
/// later start (shorter last piece); backtracking steps by the piece's UTF-16 length. Thread-safe; the trie is
/// built once and encoding rents its scratch buffers from the shared pools.
/// </summary>
public sealed class SentencePieceTokenizer
{
    /// <summary>The token id of unknown symbols.</summary>
    public const int UnknownId = 0;

    /// <summary>Ids 0..5 are control symbols (unknown, &lt;s&gt;, &lt;/s&gt;, extra ids) that text never matches.</summary>
    public const int ReservedPieceCount = 6;

    private const char Separator = '\u2581';

    private readonly SentencePieceVocabulary _vocabulary;
    private readonly PieceTrie _trie;
    private readonly double[] _scores;
    private readonly int[] _backtrackSteps;

    public SentencePieceTokenizer(SentencePieceVocabulary vocabulary, int reservedPieceCount = ReservedPieceCount)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = vocabulary;
        var pieces = new string[vocabulary.Count];
        _scores = new double[vocabulary.Count];
        _backtrackSteps = new int[vocabulary.Count];
        for (var id = 0; id < vocabulary.Count; id++)
        {
            pieces[id] = vocabulary.Piece(id);
            _scores[id] = vocabulary.Score(id);
            // The reference steps back by the piece's JS string length (UTF-16 units), not its code points.
            _backtrackSteps[id] = Math.Max(1, pieces[id].Length);
        }
        _trie = new PieceTrie(pieces, reservedPieceCount);
    }

    public static SentencePieceTokenizer Load(string vocabularyPath) => new(SentencePieceVocabulary.Load(vocabularyPath));

    public SentencePieceVocabulary Vocabulary => _vocabulary;

    /// <summary>Tokenises <paramref name="text"/>; the returned array is the only allocation.</summary>
    public int[] Encode(ReadOnlySpan<char> text)
    {
        int[]? rented = null;
        try
        {
            var ids = EncodeCore(text, ref rented);
            return ids.ToArray();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Appends the token ids of <paramref name="text"/> to <paramref name="destination"/> (reuse it to avoid allocating).</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int[]? rented = null;
        try
        {
            destination.AddRange(EncodeCore(text, ref rented));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Tokenises and clips to <paramref name="window"/> tokens keeping the head and the tail (see <see cref="TokenWindow.HeadTail"/>).</summary>
    public int[] EncodeHeadTail(ReadOnlySpan<char> text, int window = TokenWindow.DefaultSize)
    {
        int[]? rented = null;
        try
        {
            return TokenWindow.HeadTail(EncodeCore(text, ref rented), window);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Tokenises and splits into windows of at most <paramref name="window"/> tokens (see <see cref="TokenWindow.Chunks"/>).</summary>
    public int[][] EncodeChunks(ReadOnlySpan<char> text, int window = TokenWindow.DefaultSize)
    {
        int[]? rented = null;
        try
        {
            return TokenWindow.Chunks(EncodeCore(text, ref rented), window);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Runs the reference algorithm; the ids are returned as a span over <paramref name="idBuffer"/> (rented).</summary>
    private ReadOnlySpan<int> EncodeCore(ReadOnlySpan<char> text, ref int[]? idBuffer)
    {
        char[]? normalizedBuffer = null;
        int[]? symbolBuffer = null;
        int[]? wordBuffer = null;
        double[]? bestBuffer = null;
        try
        {
            var normalized = NfkcNormalizer.Normalize(text, ref normalizedBuffer);
            if (normalized.IsEmpty)
            {
                return [];
            }

            // Symbols are code points (JS `for..of`); a lone surrogate stays one symbol that matches nothing.
            symbolBuffer = ArrayPool<int>.Shared.Rent(normalized.Length + 1);
            var count = 0;
            symbolBuffer[count++] = Separator;
            for (var i = 0; i < normalized.Length; i++)
            {
                int c = normalized[i];
                if (c == ' ')
                {
                    c = Separator;
                }
                else if (char.IsHighSurrogate(normalized[i]) && i + 1 < normalized.Length && char.IsLowSurrogate(normalized[i + 1]))
                {
                    c = char.ConvertToUtf32(normalized[i], normalized[i + 1]);
                    i++;
                }
                symbolBuffer[count++] = c;
            }
            var symbols = symbolBuffer.AsSpan(0, count);

            bestBuffer = ArrayPool<double>.Shared.Rent(count + 1);
            wordBuffer = ArrayPool<int>.Shared.Rent(count + 1);
            var best = bestBuffer.AsSpan(0, count + 1);
            var words = wordBuffer.AsSpan(0, count + 1);
            best.Clear();
            words.Clear();
            Viterbi(symbols, best, words);

            // Backtrack from the end, merging runs of unknowns, then reverse into place.
            idBuffer = ArrayPool<int>.Shared.Rent(count + 1);
            var written = 0;
            var previousWasUnknown = false;
            for (var position = count; position > 0; position -= _backtrackSteps[words[position]])
            {
                var id = words[position];
                if (!(previousWasUnknown && id == UnknownId))
                {
                    idBuffer[written++] = id;
                }
                previousWasUnknown = id == UnknownId;
            }
            var ids = idBuffer.AsSpan(0, written);
            ids.Reverse();
            return ids;
        }
        finally
        {
            if (normalizedBuffer is not null)
            {
                ArrayPool<char>.Shared.Return(normalizedBuffer);
            }
            if (symbolBuffer is not null)
            {
                ArrayPool<int>.Shared.Return(symbolBuffer);
            }
            if (wordBuffer is not null)
            {
                ArrayPool<int>.Shared.Return(wordBuffer);
            }
            if (bestBuffer is not null)
            {
                ArrayPool<double>.Shared.Return(bestBuffer);
            }
        }
    }

    /// <summary>
    /// Forward Viterbi. Visiting starts in ascending order relaxes each end position in the same order as the
    /// reference's per-end loop over ascending starts, so ties and the "0 means unset" rule resolve identically.
    /// </summary>
    private void Viterbi(ReadOnlySpan<int> symbols, Span<double> best, Span<int> words)
    {
        for (var start = 0; start < symbols.Length; start++)
        {
            var prefix = best[start];
            var matched = false;
            var node = PieceTrie.Root;
            for (var end = start; end < symbols.Length; end++)
            {
                node = _trie.Child(node, symbols[end]);
                if (node == PieceTrie.None)
                {
                    break;
                }
                var id = _trie.PieceAt(node);
                if (id != PieceTrie.None)
                {
                    matched = true;
                    Relax(best, words, end + 1, _scores[id] + prefix, id);
                }
            }
            if (!matched)
            {
                // The reference scores an unknown symbol 0 (no penalty).
                Relax(best, words, start + 1, 0 + prefix, UnknownId);
            }
        }
    }

    private static void Relax(Span<double> best, Span<int> words, int end, double score, int id)
    {
        if (best[end] == 0 || score >= best[end])
        {
            best[end] = score;
            words[end] = id;
        }
    }
}
