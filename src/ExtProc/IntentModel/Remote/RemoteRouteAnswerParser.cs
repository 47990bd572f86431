using System.Text.Json;

namespace ExtProcRouter.IntentModel.Remote;

/// <summary>
/// Reads the routing model's answer tolerantly: small generative models wrap the JSON in code fences, add prose
/// around it, use single quotes, or answer with a bare route name. Accepts <c>{"route": "name"}</c> and
/// <c>{"route": ["a", "b"]}</c>; <c>other</c>, empty names and names that were not offered are dropped (a name that
/// differs only in letter case maps to the offered one). An empty result is "no match".
/// </summary>
public static class RemoteRouteAnswerParser
{
    private const string NoRoute = "other";
    private const int MaxCandidates = 16;

    /// <summary>Only the start of a long answer is searched; route answers are a few dozen characters.</summary>
    internal const int MaxAnswerChars = 16 * 1024;
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>False when the answer holds no readable route object at all (the call then counts as unavailable).</summary>
    public static bool TryParse(string? answer, IReadOnlyList<RouteDescription> offered, out IReadOnlyList<string> routes)
    {
        routes = [];
        if (string.IsNullOrWhiteSpace(answer))
            return false;
        if (answer.Length > MaxAnswerChars)
            answer = answer[..MaxAnswerChars];

        foreach (var candidate in JsonObjectCandidates(answer))
        {
            if (TryReadRouteField(candidate, out var names) || TryReadRouteField(candidate.Replace('\'', '"'), out names))
            {
                routes = KeepOffered(names, offered);
                return true;
            }
        }

        // A bare name, possibly quoted or fenced: `bug_fixing`, "other".
        var bare = answer.Trim().Trim('`', '"', '\'', ' ', '\n', '\r', '\t');
        if (bare.Equals(NoRoute, StringComparison.OrdinalIgnoreCase))
            return true;
        var offeredName = FindOffered(bare, offered);
        if (offeredName is null)
            return false;
        routes = [offeredName];
        return true;
    }

    private static bool TryReadRouteField(string json, out List<string> names)
    {
        names = [];
        try
        {
            using var document = JsonDocument.Parse(json, Lenient);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return false;
            if (!TryGetPropertyIgnoringCase(document.RootElement, "route", out var route))
                return false;
            switch (route.ValueKind)
            {
                case JsonValueKind.String:
                    names.Add(route.GetString()!);
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in route.EnumerateArray())
                        if (item.ValueKind == JsonValueKind.String) names.Add(item.GetString()!);
                    return true;
                case JsonValueKind.Null:
                    return true;
                default:
                    return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryGetPropertyIgnoringCase(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static IReadOnlyList<string> KeepOffered(List<string> names, IReadOnlyList<RouteDescription> offered)
    {
        var kept = new List<string>(names.Count);
        foreach (var name in names)
        {
            var match = FindOffered(name.Trim(), offered);
            if (match is not null && !kept.Contains(match))
                kept.Add(match);
        }
        return kept;
    }

    private static string? FindOffered(string name, IReadOnlyList<RouteDescription> offered)
    {
        if (name.Length == 0 || name.Equals(NoRoute, StringComparison.OrdinalIgnoreCase))
            return null;
        string? caseInsensitive = null;
        foreach (var route in offered)
        {
            if (route.Name.Equals(name, StringComparison.Ordinal))
                return route.Name;
            if (caseInsensitive is null && route.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                caseInsensitive = route.Name;
        }
        return caseInsensitive;
    }

    /// <summary>Each balanced <c>{...}</c> span, outer before inner (so <c>{{"route": [..]}}</c>, the literal shape in
    /// Plano-Orchestrator's template, still yields the inner object), braces inside quoted strings ignored.
    /// Bounded: a route answer is short, and a flood of braces must not cost quadratic time.</summary>
    private static IEnumerable<string> JsonObjectCandidates(string text)
    {
        var attempts = 0;
        for (var start = text.IndexOf('{'); start >= 0 && attempts < MaxCandidates; start = text.IndexOf('{', start + 1))
        {
            attempts++;
            var end = FindClosingBrace(text, start);
            if (end > start)
                yield return text[start..(end + 1)];
        }
    }

    private static int FindClosingBrace(string text, int start)
    {
        var depth = 0;
        char? quote = null;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\') i++;
                else if (c == quote) quote = null;
                continue;
            }
            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when --depth == 0:
                    return i;
            }
        }
        return -1;
    }
}
