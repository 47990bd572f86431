using System.Text.Json;

namespace ExtProcRouter.IntentModel.Tokenizer;

/// <summary>
/// A SentencePiece vocabulary: piece strings and their log-probability scores, indexed by token id.
/// The file format is the TF.js one: a JSON array of <c>[piece, score]</c> pairs.
/// </summary>
public sealed class SentencePieceVocabulary
{
    private readonly string[] _pieces;
    private readonly double[] _scores;

    public SentencePieceVocabulary(IReadOnlyList<string> pieces, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentNullException.ThrowIfNull(scores);
        if (pieces.Count != scores.Count)
        {
            throw new ArgumentException($"{pieces.Count} pieces but {scores.Count} scores.", nameof(scores));
        }
        if (pieces.Count == 0)
        {
            throw new ArgumentException("The vocabulary is empty.", nameof(pieces));
        }
        _pieces = [.. pieces];
        _scores = [.. scores];
    }

    public int Count => _pieces.Length;

    public string Piece(int id) => _pieces[id];

    public double Score(int id) => _scores[id];

    public static SentencePieceVocabulary Load(string path)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Cannot read the tokenizer vocabulary '{path}' (run `make setup`): {e.Message}", e);
        }
        return Parse(json, path);
    }

    /// <summary>Parses the <c>[[piece, score], ...]</c> JSON; <paramref name="source"/> names the input in errors.</summary>
    public static SentencePieceVocabulary Parse(ReadOnlySpan<byte> json, string source = "vocabulary")
    {
        var pieces = new List<string>(8192);
        var scores = new List<double>(8192);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            Expect(ref reader, JsonTokenType.StartArray, source, pieces.Count);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Malformed(source, pieces.Count, "expected a [piece, score] pair");
                }
                Expect(ref reader, JsonTokenType.String, source, pieces.Count);
                pieces.Add(reader.GetString()!);
                // The published file has null scores for a few emoticon pieces (":", "://", "▁:)"...). The reference
                // adds them to numbers, where JavaScript coerces null to 0, so they score 0.
                if (!reader.Read() || reader.TokenType is not (JsonTokenType.Number or JsonTokenType.Null))
                {
                    throw Malformed(source, pieces.Count - 1, "expected a number or null score");
                }
                scores.Add(reader.TokenType == JsonTokenType.Null ? 0d : reader.GetDouble());
                Expect(ref reader, JsonTokenType.EndArray, source, pieces.Count - 1);
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The tokenizer vocabulary {source} is not valid JSON: {e.Message}", e);
        }
        return new SentencePieceVocabulary(pieces, scores);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string source, int entry)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw Malformed(source, entry, $"expected {type}");
        }
    }

    private static InvalidDataException Malformed(string source, int entry, string what) =>
        new($"The tokenizer vocabulary {source} is malformed at entry {entry}: {what}.");
}
