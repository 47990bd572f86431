using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ExtProcRouter.Comparison;

/// <summary>
/// Reads the two scores out of a judge model's reply, tolerantly: models wrap JSON in prose or code fences, quote
/// numbers, or vary the key names. A score outside 1-10, or a reply with no recognisable score, is missing; the
/// parser never throws.
/// </summary>
public static partial class JudgeReplyParser
{
    public const double MinScore = 1;
    public const double MaxScore = 10;

    private static readonly string[] KeysOfA = ["score_a", "a", "answer_a", "scoreA", "rating_a"];
    private static readonly string[] KeysOfB = ["score_b", "b", "answer_b", "scoreB", "rating_b"];

    public static JudgeScores Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply)) return JudgeScores.Missing;
        var fromJson = FromJsonObject(reply);
        if (fromJson.A is not null || fromJson.B is not null) return fromJson;
        // JSON-ish but not JSON (single quotes, trailing commas, no braces): key-value pairs still say it.
        return new JudgeScores(FromText(ScoreAPattern(), reply), FromText(ScoreBPattern(), reply));
    }

    private static JudgeScores FromJsonObject(string reply)
    {
        var start = reply.IndexOf('{');
        var end = reply.LastIndexOf('}');
        if (start < 0 || end <= start) return JudgeScores.Missing;
        try
        {
            using var document = JsonDocument.Parse(reply.AsMemory(start, end - start + 1),
                new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object) return JudgeScores.Missing;
            return new JudgeScores(Find(document.RootElement, KeysOfA), Find(document.RootElement, KeysOfB));
        }
        catch (JsonException)
        {
            return JudgeScores.Missing;
        }
    }

    private static double? Find(JsonElement root, string[] keys)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (!keys.Contains(property.Name, StringComparer.OrdinalIgnoreCase)) continue;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return InRange(number);
            if (value.ValueKind == JsonValueKind.String
                && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var text)) return InRange(text);
        }
        return null;
    }

    private static double? FromText(Regex pattern, string reply)
    {
        var match = pattern.Match(reply);
        return match.Success && double.TryParse(match.Groups["score"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var score)
            ? InRange(score)
            : null;
    }

    private static double? InRange(double score) => score is >= MinScore and <= MaxScore ? score : null;

    [GeneratedRegex("""(?:score[_ ]?a|answer[_ ]?a)["']?\s*[:=]\s*["']?(?<score>\d+(?:\.\d+)?)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScoreAPattern();

    [GeneratedRegex("""(?:score[_ ]?b|answer[_ ]?b)["']?\s*[:=]\s*["']?(?<score>\d+(?:\.\d+)?)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScoreBPattern();
}
